import { type ImageInput, type ImageMediaType } from "@aiflare/protocol";
/** File extension each accepted type is stored under. */
export declare const EXTENSION: Record<ImageMediaType, string>;
/** The type an extension stands for (for serving stored files). */
export declare const MEDIA_TYPE_OF: Record<string, ImageMediaType>;
/** A checked image, decoded. */
export interface DecodedImage {
    mediaType: ImageMediaType;
    bytes: Buffer;
    /** The base64 text as it came (the model gets it as a data URL). */
    data: string;
}
/**
 * Checks every image of a prompt before anything is stored: over MAX_IMAGE_BYTES is 413,
 * bytes that are not of the declared type are 400; both name the image (`images.N.data`).
 */
export declare function decodeImages(images: readonly ImageInput[]): DecodedImage[];
//# sourceMappingURL=image-check.d.ts.map