import { MAX_IMAGE_BYTES, base64Bytes } from "@aiflare/protocol";
import { HubError, ValidationError } from "../errors.js";
/** File extension each accepted type is stored under. */
export const EXTENSION = { "image/png": "png", "image/jpeg": "jpg", "image/webp": "webp", "image/gif": "gif" };
/** The type an extension stands for (for serving stored files). */
export const MEDIA_TYPE_OF = { png: "image/png", jpg: "image/jpeg", webp: "image/webp", gif: "image/gif" };
/** Whether the bytes start like an image of this type (so a renamed file is refused up front). */
function looksLike(mediaType, bytes) {
    switch (mediaType) {
        case "image/png":
            return bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
        case "image/jpeg":
            return bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
        case "image/gif":
            return bytes.subarray(0, 6).toString("latin1") === "GIF87a" || bytes.subarray(0, 6).toString("latin1") === "GIF89a";
        case "image/webp":
            return bytes.subarray(0, 4).toString("latin1") === "RIFF" && bytes.subarray(8, 12).toString("latin1") === "WEBP";
    }
}
/**
 * Checks every image of a prompt before anything is stored: over MAX_IMAGE_BYTES is 413,
 * bytes that are not of the declared type are 400; both name the image (`images.N.data`).
 */
export function decodeImages(images) {
    const tooLarge = [];
    const wrongType = [];
    const decoded = images.map((image, i) => {
        const size = base64Bytes(image.data);
        if (size > MAX_IMAGE_BYTES) {
            tooLarge.push({ path: `images.${i}.data`, message: `image is ${(size / 1024 / 1024).toFixed(1)} MiB; the limit is ${MAX_IMAGE_BYTES / 1024 / 1024} MiB` });
            return undefined;
        }
        const bytes = Buffer.from(image.data, "base64");
        if (!looksLike(image.mediaType, bytes)) {
            wrongType.push({ path: `images.${i}.data`, message: `the data is not a ${EXTENSION[image.mediaType].toUpperCase()} image (only PNG, JPEG, WebP and GIF are accepted)` });
            return undefined;
        }
        return { mediaType: image.mediaType, bytes, data: image.data };
    });
    if (tooLarge.length > 0) {
        throw new HubError("payload_too_large", `image too large: ${tooLarge.map((issue) => issue.message).join("; ")}`, 413, tooLarge);
    }
    if (wrongType.length > 0)
        throw new ValidationError(`invalid image: ${wrongType.map((issue) => issue.message).join("; ")}`, wrongType);
    return decoded.filter((image) => image !== undefined);
}
//# sourceMappingURL=image-check.js.map