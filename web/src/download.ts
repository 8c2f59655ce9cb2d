/** Save text or a blob as a file the browser downloads (no server round trip). */
export function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  // Let the download start before the URL is released.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export const saveText = (text: string, filename: string, type: string): void =>
  saveBlob(new Blob([text], { type }), filename);
