// Tiny DOM builder: h("div.card", {onclick}, child, ...). Text is always set as text, never as HTML.

type Child = Node | string | number | null | undefined | false | Child[];
type Props = Record<string, unknown>;

type TagName<S extends string> = S extends `${infer T}.${string}` ? TagName<T> : S extends `${infer T}#${string}` ? T : S;
type ElementOf<S extends string> = TagName<S> extends keyof HTMLElementTagNameMap ? HTMLElementTagNameMap[TagName<S>] : HTMLElement;

/** `spec` is "tag.class.class#id" (the id last). */
export function h<S extends string>(spec: S, props?: Props | Child, ...children: Child[]): ElementOf<S> {
  const [head, id] = spec.split("#");
  const [tag, ...classes] = head.split(".");
  const el = document.createElement(tag) as ElementOf<S>;
  if (id) el.id = id;
  if (classes.length) el.className = classes.join(" ");
  if (props && typeof props === "object" && !(props instanceof Node) && !Array.isArray(props)) {
    for (const [name, value] of Object.entries(props)) {
      if (value === undefined || value === null || value === false) continue;
      if (name.startsWith("on") && typeof value === "function") el.addEventListener(name.slice(2), value as EventListener);
      else if (name === "class") el.className = [el.className, value].filter(Boolean).join(" ");
      else if (name in el && name !== "list") (el as unknown as Record<string, unknown>)[name] = value;
      else el.setAttribute(name, String(value));
    }
  } else {
    children.unshift(props as Child);
  }
  append(el, children);
  return el;
}

function append(el: HTMLElement, children: Child[]) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else el.append(child instanceof Node ? child : String(child));
  }
}

export function replace(target: HTMLElement, ...children: Child[]) {
  target.replaceChildren();
  append(target, children);
}

export const byId = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;

export function badge(text: string, kind = text) {
  return h("span.badge", { "data-kind": kind.toLowerCase() }, text);
}
