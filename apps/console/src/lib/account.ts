import { useCallback } from "react";
import { useMutation } from "urql";
import { graphql } from "../gql";
import { useSession, type SessionUser } from "./session";

const ChangePassword = graphql(`
  mutation Account_ChangePassword($currentPassword: String!, $newPassword: String!) {
    changePassword(currentPassword: $currentPassword, newPassword: $newPassword)
  }
`);

/** Signing in: the token and the user as the session keeps them (the sign-in page, and again after a password change). */
export const SignIn = graphql(`
  mutation Account_SignIn($username: String!, $password: String!) {
    login(username: $username, password: $password) {
      token
      user {
        id
        username
        displayName
        role
        mustChangePassword
        unit {
          id
          name
          kind
        }
        venue {
          id
          name
          type
        }
      }
    }
  }
`);

/**
 * Changes the signed-in user's password. The server ends every session of the user, this one too, so the console
 * signs in again at once with the new password: the user stays where they are. Answers the error, or null.
 */
export function useChangePassword() {
  const { user, signIn } = useSession();
  const [changing, change] = useMutation(ChangePassword);
  const [signing, signInAgain] = useMutation(SignIn);
  const run = useCallback(
    async (currentPassword: string, newPassword: string) => {
      const r = await change({ currentPassword, newPassword });
      if (r.error) return r.error;
      const again = await signInAgain({ username: user!.username, password: newPassword });
      if (again.error) return again.error;
      signIn(again.data!.login.token, again.data!.login.user as SessionUser);
      return null;
    },
    [change, signInAgain, signIn, user],
  );
  return { run, fetching: changing.fetching || signing.fetching };
}
