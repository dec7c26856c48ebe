-- An account's validity: the start day may not come after the end day (the same day is one day of
-- validity). Checked by the database for every write, whichever code path makes it; NOT VALID: rows
-- written before this rule are left as they are (they are refused at sign-in anyway).
ALTER TABLE "User" ADD CONSTRAINT "User_validity_order" CHECK ("validFrom" IS NULL OR "validUntil" IS NULL OR "validFrom" <= "validUntil") NOT VALID;
