import type { ImageInput } from "@aiflare/protocol";
import { useRef, useState, type ClipboardEvent, type DragEvent } from "react";
import { pickImages, type PickedImage } from "./images/pick.js";

/**
 * The prompt box: Enter sends, Shift+Enter adds a line; images can be pasted, dropped or
 * picked (thumbnails, removable, before sending); Cancel while a turn runs.
 */
export function Composer({ busy, onSend, onCancel }: { busy: boolean; onSend: (text: string, images: ImageInput[]) => Promise<void>; onCancel: () => void }) {
  const [text, setText] = useState("");
  const [images, setImages] = useState<PickedImage[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);

  const add = (files: readonly File[]) => {
    if (files.length === 0) return;
    void pickImages(files, images.length).then(({ images: picked, errors }) => {
      setImages((current) => [...current, ...picked]);
      setError(errors.length > 0 ? errors.join(" ") : null);
    });
  };
  const submit = () => {
    const value = text.trim();
    if (!value) return;
    const sending = images;
    setText("");
    setImages([]);
    setError(null);
    onSend(
      value,
      sending.map(({ mediaType, data }) => ({ mediaType, data })),
    ).catch((e: unknown) => {
      setText(value);
      setImages(sending);
      setError(e instanceof Error ? e.message : String(e));
    });
  };
  const onPaste = (e: ClipboardEvent) => {
    const files = [...e.clipboardData.files];
    if (files.length > 0) {
      e.preventDefault();
      add(files);
    }
  };
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    add([...e.dataTransfer.files]);
  };

  return (
    <div
      className={`composer${dragging ? " composer-drop" : ""}`}
      data-testid="composer"
      onDragOver={(e) => {
        if (e.dataTransfer.types.includes("Files")) {
          e.preventDefault();
          setDragging(true);
        }
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={onDrop}
    >
      {error && (
        <div className="composer-error" data-testid="composer-error">
          {error}
        </div>
      )}
      {images.length > 0 && (
        <div className="composer-images">
          {images.map((image) => (
            <div key={image.id} className="thumb" data-testid="attachment-thumb">
              <img src={image.preview} alt={image.name} />
              <button type="button" className="thumb-remove" data-testid="attachment-remove" aria-label={`remove ${image.name}`} onClick={() => setImages((current) => current.filter((i) => i.id !== image.id))}>
                ×
              </button>
            </div>
          ))}
        </div>
      )}
      <textarea
        data-testid="composer-input"
        value={text}
        rows={3}
        placeholder={busy ? "The agent is working — your message will wait its turn" : "Ask the agent… (Enter sends, Shift+Enter for a new line)"}
        onChange={(e) => setText(e.target.value)}
        onPaste={onPaste}
        onKeyDown={(e) => {
          if (e.key === "Enter" && !e.shiftKey && !e.nativeEvent.isComposing) {
            e.preventDefault();
            submit();
          }
        }}
      />
      <div className="composer-actions">
        <input
          ref={fileInput}
          type="file"
          hidden
          multiple
          accept="image/png,image/jpeg,image/webp,image/gif"
          data-testid="composer-file"
          onChange={(e) => {
            add([...(e.target.files ?? [])]);
            e.target.value = "";
          }}
        />
        <button type="button" className="btn btn-attach" data-testid="attach-image" title="Attach images (or paste / drop them)" onClick={() => fileInput.current?.click()}>
          <span aria-hidden className="attach-plus">+</span> Image
        </button>
        <span className="composer-spacer" />
        {busy && (
          <button className="btn btn-danger" data-testid="cancel" onClick={onCancel}>
            Cancel
          </button>
        )}
        <button className="btn btn-primary" data-testid="send" disabled={!text.trim()} onClick={submit}>
          Send
        </button>
      </div>
    </div>
  );
}
