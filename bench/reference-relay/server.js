// The reference relay for `cargo xtask load`: what a team would typically
// build for bot-to-human handoff with Node.js, Socket.IO 4 and SQLite. It
// does the same work as Tandem's relay, with the same durability, so the
// load benchmark compares like with like:
//   - shoppers say hello, hand off, and send lines; agents sign in, set
//     presence and capacity, and answer;
//   - a handoff is stored with its transcript, queued and routed to the
//     least-loaded available agent;
//   - every line is written to SQLite (WAL, synchronous=FULL, as Tandem's
//     store) with a per-conversation sequence number and de-duplicated by
//     the sender's id before it is acknowledged, then relayed.
// Events are JSON objects with the same `type` and fields as Tandem's
// protocol, so one load generator drives both. Not part of Tandem.
"use strict";

const http = require("node:http");
const crypto = require("node:crypto");
const { Server } = require("socket.io");
const Database = require("better-sqlite3");

const port = Number(process.env.PORT || 3000);
const db = new Database(process.env.DB || "reference.sqlite3");
db.pragma("journal_mode = WAL");
db.pragma("synchronous = FULL");
db.exec(`
  CREATE TABLE IF NOT EXISTS conversations (
    id TEXT PRIMARY KEY, status TEXT NOT NULL, agent TEXT, packet TEXT NOT NULL,
    last_seq INTEGER NOT NULL DEFAULT 0, created_at INTEGER NOT NULL);
  CREATE TABLE IF NOT EXISTS messages (
    conversation_id TEXT NOT NULL, seq INTEGER NOT NULL, client_id TEXT,
    author TEXT NOT NULL, text TEXT NOT NULL, created_at INTEGER NOT NULL,
    PRIMARY KEY (conversation_id, seq), UNIQUE (conversation_id, client_id));
`);

const insertConversation = db.prepare(
  "INSERT INTO conversations (id, status, packet, created_at) VALUES (?, 'queued', ?, ?)");
const existingLine = db.prepare(
  "SELECT seq FROM messages WHERE conversation_id = ? AND client_id = ?");
const nextSeq = db.prepare(
  "UPDATE conversations SET last_seq = last_seq + 1 WHERE id = ? RETURNING last_seq");
const insertLine = db.prepare(
  "INSERT INTO messages (conversation_id, seq, client_id, author, text, created_at) VALUES (?, ?, ?, ?, ?, ?)");
const assignConversation = db.prepare(
  "UPDATE conversations SET status = 'assigned', agent = ? WHERE id = ?");

const append = db.transaction((conversation, clientId, author, text) => {
  const seen = existingLine.get(conversation, clientId);
  if (seen) return { seq: seen.seq, duplicate: true };
  const { last_seq: seq } = nextSeq.get(conversation);
  insertLine.run(conversation, seq, clientId, author, text, Date.now());
  return { seq, duplicate: false };
});

const storeHandoff = db.transaction((id, packet) => {
  insertConversation.run(id, JSON.stringify(packet), Date.now());
  for (const line of packet.transcript || []) {
    const { last_seq: seq } = nextSeq.get(id);
    insertLine.run(id, seq, null, String(line.author), String(line.text), Date.now());
  }
});

const agents = new Map(); // socket id -> { socket, email, online, capacity, load }
const conversations = new Map(); // id -> { shopper, agent }
const queue = [];

function route() {
  while (queue.length > 0) {
    let best = null;
    for (const agent of agents.values()) {
      if (agent.online && agent.load < agent.capacity && (!best || agent.load < best.load)) {
        best = agent;
      }
    }
    if (!best) return;
    const id = queue.shift();
    const conversation = conversations.get(id);
    if (!conversation) continue;
    assignConversation.run(best.email, id);
    best.load += 1;
    conversation.agent = best;
    best.socket.emit("assigned", { type: "assigned", detail: { conversation: id } });
    conversation.shopper.emit("status", { type: "status", status: "assigned" });
    conversation.shopper.emit("agent_joined", { type: "agent_joined", name: best.email });
  }
}

function refuse(socket, message) {
  socket.emit("error", { type: "error", code: "invalid_state", message });
}

const server = http.createServer();
const io = new Server(server, { transports: ["websocket"], cors: { origin: true } });

io.on("connection", (socket) => {
  socket.on("hello", () => {
    socket.emit("ready", { type: "ready", agents_online: agents.size > 0 });
  });

  socket.on("handoff", (frame) => {
    const id = "c_" + crypto.randomBytes(6).toString("hex");
    storeHandoff(id, frame.packet || {});
    conversations.set(id, { shopper: socket, agent: null });
    socket.data.conversation = id;
    socket.emit("conversation", { type: "conversation", conversation: id, status: "queued" });
    socket.emit("ack", { type: "ack", id: frame.id });
    queue.push(id);
    route();
  });

  socket.on("message", (frame) => {
    const agent = socket.data.agent;
    if (agent) {
      const conversation = conversations.get(frame.conversation);
      if (!conversation || conversation.agent !== agent) return refuse(socket, "not yours");
      const stored = append(frame.conversation, frame.id, "agent", String(frame.text));
      socket.emit("ack", { type: "ack", id: frame.id, seq: stored.seq });
      if (!stored.duplicate) {
        conversation.shopper.emit("message", {
          type: "message", seq: stored.seq, author: "agent", name: agent.email, text: frame.text,
        });
      }
      return;
    }
    const id = socket.data.conversation;
    const conversation = id && conversations.get(id);
    if (!conversation) return refuse(socket, "no conversation");
    const stored = append(id, frame.id, "shopper", String(frame.text));
    socket.emit("ack", { type: "ack", id: frame.id, seq: stored.seq });
    if (!stored.duplicate && conversation.agent) {
      conversation.agent.socket.emit("message", {
        type: "message", conversation: id,
        message: { seq: stored.seq, author: "shopper", text: frame.text },
      });
    }
  });

  socket.on("agent", (frame) => {
    const agent = { socket, email: String(frame.email), online: false, capacity: 0, load: 0 };
    socket.data.agent = agent;
    agents.set(socket.id, agent);
    socket.emit("ready", { type: "ready" });
  });

  socket.on("presence", (frame) => {
    const agent = socket.data.agent;
    if (!agent) return;
    agent.online = frame.status === "online";
    agent.capacity = Math.max(1, Math.min(20, Number(frame.capacity) || 3));
    route();
  });

  socket.on("disconnect", () => {
    agents.delete(socket.id);
    const id = socket.data.conversation;
    if (id && conversations.get(id)?.shopper === socket) conversations.delete(id);
  });
});

server.listen(port, "127.0.0.1", () => {
  console.log(`reference relay on http://127.0.0.1:${port}/`);
});
