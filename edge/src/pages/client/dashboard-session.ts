/** Signing in and out. The API key lives in this tab's sessionStorage only: never in the page or a cookie. */
import type { ApiClient } from "./api-client.ts";
import { isUnauthorized } from "./api-client.ts";
import { announce, messageOf, showError } from "./dashboard-messages.ts";
import { element } from "./dom.ts";

export const KEY_NAME = "tributary.apiKey";

export interface KeyStore {
  get(): string | undefined;
  set(key: string): void;
  clear(): void;
}

export function sessionKeyStore(storage: Storage): KeyStore {
  return {
    get: () => storage.getItem(KEY_NAME) ?? undefined,
    set: (key) => storage.setItem(KEY_NAME, key),
    clear: () => storage.removeItem(KEY_NAME),
  };
}

export function showApp(signedIn: boolean): void {
  element("sign-in", HTMLElement).hidden = signedIn;
  element("app", HTMLElement).hidden = !signedIn;
  element("sign-out", HTMLButtonElement).hidden = !signedIn;
}

/** The sign-in form's submit: keeps the key only once one cheap call accepts it. */
export async function signIn(event: SubmitEvent, keys: KeyStore, api: ApiClient, onSignedIn: () => void): Promise<void> {
  event.preventDefault();
  const input = element("api-key", HTMLInputElement);
  const key = input.value.trim();
  if (key === "") {
    showError("Enter an API key.");
    return input.focus();
  }
  keys.set(key);
  try {
    await api.listStreams(1);
  } catch (error) {
    keys.clear();
    showError(isUnauthorized(error) ? "That API key was refused." : messageOf(error));
    return input.focus();
  }
  input.value = "";
  showError("");
  showApp(true);
  announce("Signed in.");
  onSignedIn();
  element("streams-title", HTMLElement).focus();
}
