-- Appending a line is one statement (INSERT ... SELECT last_seq + 1): the
-- conversation's cursor follows its newest line here, so the relay's
-- writer makes one round trip per line instead of three.
CREATE TRIGGER messages_advance_last_seq AFTER INSERT ON messages
BEGIN
    UPDATE conversations SET last_seq = NEW.seq
    WHERE id = NEW.conversation_id AND last_seq < NEW.seq;
END;
