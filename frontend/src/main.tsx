import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { createBrowserRouter } from "react-router";
import { App } from "./App";
import { routes } from "./routes";
import "./styles.css";

const router = createBrowserRouter(routes);
const root = document.getElementById("root");
if (!root) throw new Error("#root is missing from index.html");
createRoot(root).render(
  <StrictMode>
    <App router={router} />
  </StrictMode>,
);
