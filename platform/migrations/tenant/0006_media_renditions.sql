-- Resized copies (renditions) of product images, made by the media.make_renditions
-- job after an upload (docs/browse.md, "Thumbnails"). media.rendition_state says
-- where that stands: 'none' for documents, 'pending' until the job ran, then 'ready'
-- or 'failed' (not decodable, too many pixels). Images uploaded before this
-- migration start 'pending': the periodic media.sweep_files job queues them.

ALTER TABLE media ADD COLUMN rendition_state text NOT NULL DEFAULT 'none'
    CHECK (rendition_state IN ('none', 'pending', 'ready', 'failed'));
UPDATE media SET rendition_state = 'pending' WHERE kind = 'image';
CREATE INDEX media_rendition_pending_idx ON media (created_at) WHERE rendition_state = 'pending';

CREATE TABLE media_rendition (
    media_id uuid NOT NULL REFERENCES media (id) ON DELETE CASCADE,
    size integer NOT NULL CHECK (size > 0),  -- the longest side it was fitted into
    storage_key text NOT NULL UNIQUE,
    content_type text NOT NULL CHECK (length(content_type) BETWEEN 3 AND 100),
    width integer NOT NULL CHECK (width > 0),
    height integer NOT NULL CHECK (height > 0),
    bytes bigint NOT NULL CHECK (bytes > 0),
    sha256 char(64) NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (media_id, size)
);
