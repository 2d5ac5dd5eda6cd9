/**
 * The upload form: asks the API for an upload and sends the file with tus-js-client, with a progress
 * bar. The upload is remembered in localStorage by the file's name, size and modification time (not
 * by its single-use URL), so choosing the same file again after a closed tab or a lost connection
 * resumes it from the last byte the server holds.
 */
import * as tus from "tus-js-client";
import type { ApiClient } from "./api-client.ts";
import { announce } from "./dashboard-messages.ts";
import { element } from "./dom.ts";

export interface UploadFormOptions {
  api: ApiClient;
  onUploaded: () => void;
  onError: (error: unknown) => void;
}

function fingerprintOf(file: File): string {
  return ["tributary", file.name, file.size, file.lastModified].join("|");
}

function showProgress(fraction: number, label: string): void {
  element("upload-state", HTMLElement).hidden = false;
  element("upload-label", HTMLLabelElement).textContent = label;
  element("upload-progress", HTMLProgressElement).value = fraction;
  element("upload-percent", HTMLElement).textContent = `${Math.floor(fraction * 100)}%`;
}

export function uploadForm(options: UploadFormOptions): { submit(event: SubmitEvent): Promise<void>; pause(): void } {
  let current: tus.Upload | undefined;
  const pauseButton = element("upload-pause", HTMLButtonElement);

  const finish = (label: string) => {
    current = undefined;
    pauseButton.hidden = true;
    element("upload-start", HTMLButtonElement).disabled = false;
    showProgress(element("upload-progress", HTMLProgressElement).value, label);
  };

  async function submit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const file = element("upload-file", HTMLInputElement).files?.[0];
    if (file === undefined || current !== undefined) return;
    const fingerprint = fingerprintOf(file);
    const probe = new tus.Upload(file, { fingerprint: async () => fingerprint });
    const previous = (await probe.findPreviousUploads())[0];
    let endpoint: string | undefined;
    let assetId = previous?.metadata["assetId"];
    if (previous === undefined || assetId === undefined) {
      const name = element("upload-name", HTMLInputElement).value.trim() || file.name;
      const created = await options.api.createUpload({ name });
      endpoint = created.url;
      assetId = created.assetId;
      options.onUploaded();
    }
    element("upload-start", HTMLButtonElement).disabled = true;
    pauseButton.hidden = false;
    showProgress(0, previous === undefined ? `Uploading ${file.name}` : `Resuming ${file.name}`);
    const upload = new tus.Upload(file, {
      ...(endpoint === undefined ? {} : { endpoint }),
      metadata: { assetId, filename: file.name },
      fingerprint: async () => fingerprint,
      storeFingerprintForResuming: true,
      removeFingerprintOnSuccess: true,
      chunkSize: 8 * 1024 * 1024,
      retryDelays: [0, 1000, 3000, 5000, 10000],
      onProgress: (sent, total) => showProgress(total > 0 ? sent / total : 0, `Uploading ${file.name}`),
      onSuccess: () => {
        finish(`Uploaded ${file.name}: transcoding`);
        announce(`${file.name} uploaded; it is being transcoded.`);
        options.onUploaded();
      },
      onError: (error) => {
        finish(`Upload of ${file.name} stopped`);
        options.onError(error);
      },
    });
    if (previous !== undefined) upload.resumeFromPreviousUpload(previous);
    current = upload;
    upload.start();
  }

  function pause(): void {
    const upload = current;
    if (upload === undefined) return;
    void upload.abort().then(() => finish("Paused: upload the same file again to carry on"));
  }

  return { submit, pause };
}
