// The embed snippet: <script src="https://engine.example/chat/embed.js" data-tenant="acme" async></script>
// adds a chat button to the host page that opens the widget in an iframe (the widget runs on the engine's origin).
(() => {
  const script = document.currentScript as HTMLScriptElement | null;
  if (!script) return;
  const origin = new URL(script.src).origin;
  const tenant = script.dataset.tenant ?? "demo";
  const title = script.dataset.title ?? "Chat with us";
  const frame = document.createElement("iframe");
  frame.src = `${origin}/chat/?tenant=${encodeURIComponent(tenant)}&title=${encodeURIComponent(title)}`;
  frame.title = title;
  frame.style.cssText = "position:fixed;right:20px;bottom:88px;width:370px;height:560px;max-height:calc(100vh - 110px);border:0;border-radius:14px;" +
    "box-shadow:0 12px 40px rgba(15,23,42,.25);z-index:2147483000;display:none;background:#fff";
  const button = document.createElement("button");
  button.type = "button";
  button.textContent = title;
  button.setAttribute("aria-expanded", "false");
  button.style.cssText = "position:fixed;right:20px;bottom:20px;height:52px;padding:0 22px;border:0;border-radius:26px;background:#4f46e5;" +
    "color:#fff;font:600 15px system-ui,sans-serif;cursor:pointer;box-shadow:0 6px 20px rgba(79,70,229,.4);z-index:2147483000";
  button.addEventListener("click", () => {
    const open = frame.style.display === "none";
    frame.style.display = open ? "block" : "none";
    button.setAttribute("aria-expanded", String(open));
  });
  document.body.append(frame, button);
})();
