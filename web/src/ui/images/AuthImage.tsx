import { createContext, useContext, useEffect, useState } from "react";

/** Loads a stored attachment (token required) as a URL an <img> can show. */
export type AttachmentLoader = (url: string) => Promise<string>;

/** Given by the app (the HubStore's loader), used by every timeline image. */
export const AttachmentContext = createContext<AttachmentLoader | null>(null);

/** An image from the hub's attachments, fetched with the token; a link opens it full size. */
export function AuthImage({ url, alt }: { url: string; alt: string }) {
  const load = useContext(AttachmentContext);
  const [src, setSrc] = useState<string | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let live = true;
    load?.(url).then(
      (blobUrl) => live && setSrc(blobUrl),
      () => live && setFailed(true),
    );
    return () => {
      live = false;
    };
  }, [load, url]);
  if (failed) return <span className="msg-image msg-image-missing">image unavailable</span>;
  return src ? (
    <a className="msg-image" href={src} target="_blank" rel="noopener noreferrer">
      <img src={src} alt={alt} data-testid="message-image" />
    </a>
  ) : (
    <span className="msg-image msg-image-loading" aria-label="loading image" />
  );
}
