/**
 * Passwords of 8 characters or more that appear at the top of published leak lists (international and Chinese),
 * lower-cased. A password equal to one of these is refused.
 */
export const COMMON_PASSWORDS: ReadonlySet<string> = new Set([
  "12345678", "123456789", "1234567890", "123123123", "11111111", "00000000", "88888888", "66666666", "12341234",
  "87654321", "11223344", "12344321", "123321123", "147258369", "1q2w3e4r", "1qaz2wsx", "qazwsxedc", "zxcvbnm123",
  "password", "password1", "password123", "passw0rd", "p@ssw0rd", "p@ssword", "admin123", "admin888", "administrator",
  "qwertyui", "qwerty123", "qwertyuiop", "asdfghjkl", "asdf1234", "abcd1234", "abc12345", "abc123456", "a12345678",
  "a123456789", "aa123456", "aa12345678", "woaini1314", "woaini520", "5201314520", "52013145", "iloveyou", "iloveyou1",
  "sunshine", "princess", "football", "baseball", "welcome1", "welcome123", "letmein1", "trustno1", "superman",
  "1234qwer", "qwer1234", "q1w2e3r4", "zaq12wsx", "test1234", "test12345", "changeme", "default1", "computer",
  "internet", "whatever", "starwars", "dragon123", "monkey123", "shadow123", "master123", "michael1", "jennifer",
  "hello123", "12qwaszx", "1234abcd", "abcdefgh", "abcdefg1", "qq123456", "qq123456789", "wang1234", "zhang123",
  "li123456", "aini1314", "woaini123", "xiaoming", "zxcvbnm1", "asd123456", "a1b2c3d4", "a1234567", "1a2b3c4d",
  "admin1234", "root1234", "user1234", "guest123", "demo1234", "pass1234", "pass12345", "123456aa", "123456qq",
]);
