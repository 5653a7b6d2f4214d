import { Card } from "antd";
import type { ReactNode } from "react";
import { LanguageSwitch } from "../../layout/language-switch";

/** The frame of the pages before the console proper: signing in, setting one's own password. */
export function AuthScreen({ children }: { children: ReactNode }) {
  return (
    <main
      style={{
        minHeight: "100vh",
        display: "flex",
        alignItems: "center",
        justifyContent: "center",
        padding: 16,
        background: "linear-gradient(160deg, #1d4ed8 0%, #1e3a8a 100%)",
      }}
    >
      <Card style={{ width: "100%", maxWidth: 400 }} styles={{ body: { padding: 28 } }}>
        <div style={{ display: "flex", justifyContent: "flex-end", marginTop: -12, marginRight: -12 }}>
          <LanguageSwitch />
        </div>
        {children}
      </Card>
    </main>
  );
}
