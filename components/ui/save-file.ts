'use client';

/** Saves a file the browser holds: a data URL, or text of a type. */
export function saveFile(name: string, content: { url: string } | { text: string; type: string }): void {
  const url = 'url' in content ? content.url : URL.createObjectURL(new Blob([content.text], { type: content.type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  if (!('url' in content)) setTimeout(() => URL.revokeObjectURL(url), 1_000);
}
