/** Typed element lookup: the markup is the server's (dashboard-page.ts, watch-page.ts), so a miss is a bug. */
export function element<T extends HTMLElement>(id: string, type: abstract new () => T): T {
  const node = document.getElementById(id);
  if (!(node instanceof type)) throw new TypeError(`#${id} is missing or not a ${type.name}`);
  return node;
}

/** The closest ancestor-or-self of an event's target matching `selector`, if the target is an element. */
export function closest(target: EventTarget | null, selector: string): HTMLElement | undefined {
  const found = target instanceof Element ? target.closest(selector) : null;
  return found instanceof HTMLElement ? found : undefined;
}
