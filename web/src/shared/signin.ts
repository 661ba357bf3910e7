// The sign-in card shared by the desk and the wall.
import { h, replace } from "./dom";
import { Session, signIn } from "./session";

export function signInView(root: HTMLElement, subtitle: string, onSignedIn: (session: Session) => void) {
  const params = new URLSearchParams(location.search);
  const tenant = h("input#tenant", { name: "tenant", value: params.get("tenant") ?? "demo", required: true, autocomplete: "organization" });
  const user = h("input#user", { name: "user", required: true, autocomplete: "username" });
  const password = h("input#password", { name: "password", type: "password", required: true, autocomplete: "current-password" });
  const error = h("p.error", { role: "alert" });
  const form = h("form.signin-card", h("h1", "Engine"), h("p.muted", subtitle),
    h("label", "Tenant", tenant), h("label", "User", user), h("label", "Password", password), error,
    h("button.primary#signin", { type: "submit" }, "Sign in"));
  form.addEventListener("submit", async e => {
    e.preventDefault();
    try {
      onSignedIn(await signIn(tenant.value.trim(), user.value.trim(), password.value));
    } catch (err) {
      error.textContent = (err as Error).message;
    }
  });
  document.body.className = "signin";
  replace(root, form);
  user.focus();
}
