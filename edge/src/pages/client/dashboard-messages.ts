/** What the dashboard tells its user: polite announcements for screen readers, and the one error box. */
import { element } from "./dom.ts";

export function announce(text: string): void {
  element("announcer", HTMLElement).textContent = text;
}

/** Shows `message`, or hides the box when it is empty. */
export function showError(message: string): void {
  const box = element("error", HTMLElement);
  box.textContent = message;
  box.hidden = message === "";
}

export const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));
