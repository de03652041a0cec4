-- 0038 attachments (issue 9 item 9): photos and scans kept with the record they belong to — a ticket's
-- photos and signed forms, a meeting's minutes, an outgoing letter, a developer's letter. Stored in
-- PostgreSQL (bytea): written in the same transaction as their audit row, covered by the same backups and
-- by row-level security, and refused whole on failure; the size limit (10 MiB, policy) keeps rows modest.
-- Only JPEG, PNG, GIF, WebP and PDF are kept, as the bytes show; each with its SHA-256.

CREATE TABLE liaison.attachment (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- NULL: a record of HQ's own (a company meeting), seen by HQ only.
    office_id    bigint CONSTRAINT attachment_office_fkey REFERENCES liaison.office (id),
    subject      text NOT NULL CONSTRAINT attachment_subject CHECK (subject IN ('ticket', 'meeting', 'outgoing_document', 'developer_matter')),
    subject_id   bigint NOT NULL,
    file_name    text NOT NULL CONSTRAINT attachment_file_name_not_blank CHECK (btrim(file_name) <> '' AND length(file_name) <= 200),
    media_type   text NOT NULL CONSTRAINT attachment_media_type CHECK (media_type IN ('image/jpeg', 'image/png', 'image/gif', 'image/webp', 'application/pdf')),
    byte_size    integer NOT NULL,
    sha256       bytea NOT NULL CONSTRAINT attachment_sha256_length CHECK (length(sha256) = 32),
    content      bytea NOT NULL,
    uploaded_by  bigint NOT NULL CONSTRAINT attachment_uploader_fkey REFERENCES liaison.staff_user (id),
    uploaded_at  timestamptz NOT NULL,
    CONSTRAINT attachment_size CHECK (byte_size > 0 AND byte_size = octet_length(content))
);
-- Photos and PDFs are compressed already: store them out of line without trying to compress them again.
ALTER TABLE liaison.attachment ALTER COLUMN content SET STORAGE EXTERNAL;
CREATE INDEX attachment_subject_idx ON liaison.attachment (subject, subject_id, id);
COMMENT ON TABLE liaison.attachment IS
    'Files attached to a record (a ticket, meeting, outgoing document or developer matter): JPEG, PNG, GIF, WebP or PDF as the bytes show, with their SHA-256; readable by whoever may read the record.';

ALTER TABLE liaison.attachment ENABLE ROW LEVEL SECURITY;
ALTER TABLE liaison.attachment FORCE ROW LEVEL SECURITY;
CREATE POLICY office_isolation ON liaison.attachment
    USING (liaison.visible_office(office_id)) WITH CHECK (liaison.visible_office(office_id));
