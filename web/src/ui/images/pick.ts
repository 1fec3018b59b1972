import { isImageMediaType, MAX_IMAGE_BYTES, MAX_IMAGES_PER_PROMPT, type ImageInput } from "@aiflare/protocol";

/** An image chosen in the composer, before it is sent. */
export interface PickedImage extends ImageInput {
  id: string;
  name: string;
  /** A data URL for the thumbnail. */
  preview: string;
}

let counter = 0;

function readAsDataUrl(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(typeof reader.result === "string" ? reader.result : "");
    reader.onerror = () => reject(reader.error ?? new Error(`could not read ${file.name}`));
    reader.readAsDataURL(file);
  });
}

/**
 * Turns pasted, dropped or picked files into images for a prompt. Files of other types,
 * over 10 MiB, or past the number allowed per prompt come back as readable errors.
 */
export async function pickImages(files: readonly File[], already: number): Promise<{ images: PickedImage[]; errors: string[] }> {
  const images: PickedImage[] = [];
  const errors: string[] = [];
  for (const file of files) {
    const name = file.name || "pasted image";
    const mediaType = file.type;
    if (!isImageMediaType(mediaType)) {
      errors.push(`${name}: only PNG, JPEG, WebP and GIF images can be sent.`);
      continue;
    }
    if (file.size > MAX_IMAGE_BYTES) {
      errors.push(`${name} is ${(file.size / 1024 / 1024).toFixed(1)} MiB; an image can be at most ${MAX_IMAGE_BYTES / 1024 / 1024} MiB.`);
      continue;
    }
    if (already + images.length >= MAX_IMAGES_PER_PROMPT) {
      errors.push(`At most ${MAX_IMAGES_PER_PROMPT} images per message.`);
      break;
    }
    const preview = await readAsDataUrl(file);
    images.push({ id: `img-${++counter}`, name, mediaType, data: preview.slice(preview.indexOf(",") + 1), preview });
  }
  return { images, errors };
}
