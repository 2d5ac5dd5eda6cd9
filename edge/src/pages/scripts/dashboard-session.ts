/**
 * Dashboard script, part 1 of 3: element lookup, messages, the API client and signing in and out.
 * Browser JavaScript kept as a string so the edge serves it on every runtime; parts share one scope.
 */
export const DASHBOARD_SESSION = String.raw`
const KEY_NAME = "tributary.apiKey";
const byId = (id) => document.getElementById(id);

function announce(text) {
  byId("announcer").textContent = text;
}

function showError(message) {
  const box = byId("error");
  box.textContent = message || "";
  box.hidden = !message;
}

class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

/** Calls /api/v1 with the session's key; throws ApiError with the API's own message. */
async function api(method, path, body, headers) {
  const key = sessionStorage.getItem(KEY_NAME);
  if (!key) throw new ApiError(401, "auth.unauthorized", "Sign in first.");
  const init = { method, cache: "no-store", credentials: "omit", headers: Object.assign({ authorization: "Bearer " + key }, headers || {}) };
  if (body !== undefined) {
    init.headers["content-type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  const response = await fetch("/api/v1" + path, init);
  if (response.status === 204) return undefined;
  const data = await response.json().catch(() => undefined);
  if (!response.ok) {
    const error = data && data.error ? data.error : {};
    throw new ApiError(response.status, error.code, error.message || "The API answered " + response.status + ".");
  }
  return data;
}

/** Random hex for Idempotency-Key (crypto.randomUUID needs a secure context; this does not). */
function randomKey() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** Every failed action ends here: a refused key signs out, anything else is shown. */
function handle(error) {
  if (error instanceof ApiError && error.status === 401) return signOut("Your API key was refused: sign in again.");
  showError(error instanceof Error ? error.message : String(error));
}

function showApp(signedIn) {
  byId("sign-in").hidden = signedIn;
  byId("app").hidden = !signedIn;
  byId("sign-out").hidden = !signedIn;
}

function signOut(message) {
  sessionStorage.removeItem(KEY_NAME);
  stopPolling();
  clearStreams();
  hideSecrets();
  showApp(false);
  showError(message || "");
  byId("api-key").focus();
}

async function signIn(event) {
  event.preventDefault();
  const input = byId("api-key");
  const key = input.value.trim();
  if (!key) {
    showError("Enter an API key.");
    return input.focus();
  }
  sessionStorage.setItem(KEY_NAME, key);
  try {
    await api("GET", "/streams?limit=1");
  } catch (error) {
    sessionStorage.removeItem(KEY_NAME);
    showError(error instanceof ApiError && error.status === 401 ? "That API key was refused." : error.message);
    return input.focus();
  }
  input.value = "";
  showError("");
  showApp(true);
  announce("Signed in.");
  startPolling();
  byId("streams-title").focus();
}
`;
