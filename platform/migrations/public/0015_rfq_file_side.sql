-- Which party uploaded an RFQ file (docs/rfq.md, "Files"). The buyer now attaches files to
-- its messages too: such a file is read by the buyer and the one supplier `tenant_id`, like
-- the supplier's, and only the side that uploaded it may attach it to what it sends.
ALTER TABLE public.rfq_file ADD COLUMN side text;
UPDATE public.rfq_file SET side = CASE WHEN purpose = 'request' THEN 'buyer' ELSE 'supplier' END;
ALTER TABLE public.rfq_file
    ALTER COLUMN side SET NOT NULL,
    ADD CONSTRAINT rfq_file_side_check CHECK (side IN ('buyer', 'supplier')),
    -- the buyer's drawings are the request's; a quote's files are the supplier's
    ADD CONSTRAINT rfq_file_side_purpose_check CHECK (
        (purpose = 'request' AND side = 'buyer')
        OR (purpose = 'quote' AND side = 'supplier')
        OR purpose = 'message'
    );
