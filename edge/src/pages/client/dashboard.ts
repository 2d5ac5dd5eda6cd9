/**
 * `/assets/dashboard.js`: the dashboard page's script (markup in ../dashboard-page.ts). Wires the
 * session, the polled stream list and the actions to the page's forms and buttons.
 */
import { createApiClient, isUnauthorized } from "./api-client.ts";
import { actions, copyField } from "./dashboard-actions.ts";
import { messageOf, showError } from "./dashboard-messages.ts";
import { goLive, stopLive } from "./dashboard-go-live.ts";
import { hideSecrets } from "./dashboard-secrets.ts";
import { sessionKeyStore, showApp, signIn } from "./dashboard-session.ts";
import { streamList } from "./dashboard-streams.ts";
import { closest, element } from "./dom.ts";

const keys = sessionKeyStore(sessionStorage);
const api = createApiClient({ key: keys.get });
const streams = streamList({ api, signedIn: () => keys.get() !== undefined, onError: handle });
const act = actions({ api, streams, onError: handle });

/** Every failed action ends here: a refused key signs out, anything else is shown. */
function handle(error: unknown): void {
  if (isUnauthorized(error)) return signOut("Your API key was refused: sign in again.");
  showError(messageOf(error));
}

function signOut(message: string): void {
  keys.clear();
  streams.stopPolling();
  streams.clear();
  hideSecrets();
  showApp(false);
  showError(message);
  element("api-key", HTMLInputElement).focus();
}

const onSubmit = (id: string, run: (event: SubmitEvent) => Promise<void>) => element(id, HTMLFormElement).addEventListener("submit", (event) => void run(event));
const onClick = (id: string, run: () => unknown) => element(id, HTMLButtonElement).addEventListener("click", () => void run());

onSubmit("sign-in-form", (event) => signIn(event, keys, api, () => streams.startPolling()));
onSubmit("create-form", act.createStream);
onSubmit("share-form", act.share);
onSubmit("go-live-form", (event) => goLive(event).catch(handle));
onClick("go-live-stop", stopLive);
onClick("sign-out", () => signOut("Signed out."));
onClick("rotate-key", act.rotateKey);
onClick("preview-button", act.preview);
onClick("secrets-done", () => {
  hideSecrets();
  element("create-name", HTMLInputElement).focus();
});
document.addEventListener("click", (event) => {
  const copy = closest(event.target, "[data-copy]");
  if (copy !== undefined) return void copyField(copy);
  const manage = closest(event.target, "[data-manage]")?.dataset["manage"];
  if (manage !== undefined) streams.select(manage);
});

if (keys.get() !== undefined) {
  showApp(true);
  streams.startPolling();
} else {
  element("api-key", HTMLInputElement).focus();
}
