import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./app";
import "./styles.css";

// A chunk of an older build that a new deployment removed: load the new build instead of failing.
window.addEventListener("vite:preloadError", () => location.reload());

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
