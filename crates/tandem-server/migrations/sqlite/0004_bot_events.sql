-- What the bot did in shoppers' browsers, counted per site, UTC day and
-- kind (started, answered, clarified, helpful, not_helpful, resolved). Only
-- counts: no text, no ids, nothing that identifies a shopper.
CREATE TABLE bot_events (
    site  TEXT NOT NULL,
    day   TEXT NOT NULL,
    kind  TEXT NOT NULL,
    count INTEGER NOT NULL,
    PRIMARY KEY (site, day, kind)
);
