import { useI18n } from "../../../i18n/context";
import type { RfqFile } from "./types";

/** "2.4 MB": a file's size in the UI language. */
export function useFileSize() {
  const { number } = useI18n();
  return (bytes: number): string => {
    if (bytes < 1024) return `${number(bytes)} B`;
    if (bytes < 1024 * 1024) return `${number(bytes / 1024, { maximumFractionDigits: 0 })} KB`;
    return `${number(bytes / (1024 * 1024), { maximumFractionDigits: 1 })} MB`;
  };
}

/** A download link to an RFQ file (the session cookie goes with it; the server checks who may read it). */
export function FileLink({ file, href }: { file: RfqFile; href: string }) {
  const size = useFileSize();
  return (
    <a href={href} download={file.name}>
      {file.name}
      {file.size != null && <span className="muted"> ({size(file.size)})</span>}
    </a>
  );
}
