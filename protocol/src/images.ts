import { z } from "zod";
import { IMAGE_MEDIA_TYPES, MAX_IMAGE_BYTES, MAX_IMAGES_PER_PROMPT } from "./constants.js";

/** Image types a prompt may carry (what the Responses API accepts as `input_image`). */
export const ImageMediaType = z.enum(IMAGE_MEDIA_TYPES);
export type ImageMediaType = z.infer<typeof ImageMediaType>;

/** The base64 text of an image of MAX_IMAGE_BYTES, the longest `data` that can be valid. */
export const MAX_IMAGE_BASE64_CHARS = Math.ceil(MAX_IMAGE_BYTES / 3) * 4;

/** Bytes a base64 text decodes to (without decoding it). */
export function base64Bytes(data: string): number {
  const padding = data.endsWith("==") ? 2 : data.endsWith("=") ? 1 : 0;
  return Math.floor((data.length * 3) / 4) - padding;
}

/**
 * An image as a client sends it with a prompt: its type and its bytes in base64. The size is
 * checked by the hub (413 above MAX_IMAGE_BYTES), and so is that the bytes are of that type.
 */
export const ImageInput = z.strictObject({
  mediaType: ImageMediaType,
  data: z
    .string()
    .min(1, "image data must not be empty")
    .regex(/^[A-Za-z0-9+/]+={0,2}$/, "image data must be base64"),
});
export type ImageInput = z.infer<typeof ImageInput>;

/** Up to MAX_IMAGES_PER_PROMPT images with a prompt. */
export const PromptImages = z.array(ImageInput).max(MAX_IMAGES_PER_PROMPT, `at most ${MAX_IMAGES_PER_PROMPT} images per prompt`);

/** A stored image as the timeline names it: `url` is `/api/sessions/:id/attachments/:name` (token required). */
export const ImageRef = z.object({ url: z.string().min(1).max(1000), mediaType: ImageMediaType });
export type ImageRef = z.infer<typeof ImageRef>;

/** Names the hub gives stored attachments: a uuid and the type's extension. */
export const AttachmentName = z.string().regex(/^[0-9a-f-]{36}\.(png|jpg|webp|gif)$/, "not an attachment name");

export const AttachmentParams = z.object({ id: z.string().min(1).max(200), name: AttachmentName });
export type AttachmentParams = z.infer<typeof AttachmentParams>;
