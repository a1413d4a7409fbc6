//! One suite for every storage backend: each check runs on a fresh SQLite
//! file and on a fresh database in a throwaway PostgreSQL cluster, so the
//! two backends cannot drift apart (zed's collab tests do the same).

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use tandem_protocol::{
    Author, ConversationId, ConversationStatus, HandoffPacket, Seq, TranscriptLine,
};
use tandem_server::store::{
    self, NewAgent, NewConversation, NewMessage, Store, StoredMessageError,
};

type Check = fn(Arc<dyn Store>) -> Pin<Box<dyn Future<Output = ()> + Send>>;

/// Every check, by name.
const CHECKS: &[(&str, Check)] = &[
    ("agents_and_sessions", |s| Box::pin(agents_and_sessions(s))),
    ("conversations_and_retries", |s| {
        Box::pin(conversations_and_retries(s))
    }),
    ("appends_number_lines_and_drop_repeats", |s| {
        Box::pin(appends_number_lines_and_drop_repeats(s))
    }),
    ("claims_respect_status_and_capacity", |s| {
        Box::pin(claims_respect_status_and_capacity(s))
    }),
    ("concurrent_claims_have_one_winner", |s| {
        Box::pin(concurrent_claims_have_one_winner(s))
    }),
    ("concurrent_appends_get_distinct_contiguous_seqs", |s| {
        Box::pin(concurrent_appends_get_distinct_contiguous_seqs(s))
    }),
    ("tickets_ratings_and_insights", |s| {
        Box::pin(tickets_ratings_and_insights(s))
    }),
];

#[tokio::test]
async fn the_store_suite_passes_on_sqlite() {
    for (name, check) in CHECKS {
        let dir = tempfile::tempdir().expect("temp dir");
        let url = format!(
            "sqlite://{}?mode=rwc",
            dir.path().join(format!("{name}.sqlite3")).display()
        );
        let store: Arc<dyn Store> = Arc::from(store::open(&url).await.expect("open sqlite"));
        println!("sqlite: {name}");
        check(store).await;
    }
}

#[tokio::test]
async fn the_store_suite_passes_on_postgres() {
    let cluster = tandem_pg_cluster::PgCluster::start().expect("throwaway PostgreSQL");
    for (name, check) in CHECKS {
        let url = cluster.create_database(name).expect("createdb");
        let store: Arc<dyn Store> = Arc::from(store::open(&url).await.expect("open postgres"));
        println!("postgres: {name}");
        check(store).await;
    }
}

fn packet(priority: u8, lines: &[&str]) -> HandoffPacket {
    HandoffPacket {
        transcript: lines
            .iter()
            .map(|text| TranscriptLine {
                author: Author::Shopper,
                text: (*text).to_owned(),
                helpful: None,
            })
            .collect(),
        reason: "Asked for a person.".to_owned(),
        reason_kind: "asked_for_person".to_owned(),
        priority,
        topic: None,
        intent: None,
        confidence: 0.0,
        language: "en".to_owned(),
        masked: Vec::new(),
        context: Default::default(),
    }
}

async fn conversation(store: &dyn Store, id: &str, priority: u8, now: i64) -> ConversationId {
    let (c, new) = store
        .create_conversation(&NewConversation {
            id: ConversationId(id.to_owned()),
            token_hash: format!("hash-{id}"),
            site: "demo".to_owned(),
            handoff_client_id: format!("h-{id}"),
            packet: packet(priority, &["hello", "I need a person"]),
            now,
        })
        .await
        .expect("create conversation");
    assert!(new);
    c.id
}

async fn agent(store: &dyn Store, email: &str) -> i64 {
    store
        .upsert_agent(&NewAgent {
            email: email.to_owned(),
            display_name: email.split('@').next().unwrap_or(email).to_owned(),
            password_hash: "$argon2id$fake".to_owned(),
            languages: vec!["en".to_owned(), "sv".to_owned()],
        })
        .await
        .expect("upsert agent");
    store
        .agent_by_email(email)
        .await
        .expect("read agent")
        .expect("agent exists")
        .id
}

fn line<'a>(
    conversation: &'a ConversationId,
    client_id: Option<&'a str>,
    text: &'a str,
) -> NewMessage<'a> {
    NewMessage {
        conversation,
        client_id,
        author: Author::Shopper,
        name: None,
        text,
        internal: false,
        now: 1_000,
    }
}

async fn agents_and_sessions(store: Arc<dyn Store>) {
    let anna = agent(store.as_ref(), "anna@example.com").await;
    agent(store.as_ref(), "bo@example.com").await;
    // Upserting again changes the name and keeps the id.
    store
        .upsert_agent(&NewAgent {
            email: "anna@example.com".to_owned(),
            display_name: "Anna K".to_owned(),
            password_hash: "$argon2id$other".to_owned(),
            languages: vec!["de".to_owned()],
        })
        .await
        .expect("store");
    let again = store
        .agent_by_email("anna@example.com")
        .await
        .expect("store")
        .expect("store");
    assert_eq!((again.id, again.display_name.as_str()), (anna, "Anna K"));
    assert_eq!(again.languages, ["de"]);
    let emails: Vec<String> = store
        .list_agents()
        .await
        .expect("store")
        .into_iter()
        .map(|a| a.email)
        .collect();
    assert_eq!(emails, ["anna@example.com", "bo@example.com"]);

    store
        .create_session("live", anna, 2_000)
        .await
        .expect("store");
    store.create_session("old", anna, 500).await.expect("store");
    assert_eq!(
        store
            .agent_by_session("live", 1_000)
            .await
            .expect("store")
            .map(|a| a.id),
        Some(anna)
    );
    assert!(
        store
            .agent_by_session("old", 1_000)
            .await
            .expect("store")
            .is_none(),
        "expired session"
    );
    assert!(
        store
            .agent_by_session("nope", 1_000)
            .await
            .expect("store")
            .is_none()
    );
    store.delete_session("live").await.expect("store");
    assert!(
        store
            .agent_by_session("live", 1_000)
            .await
            .expect("store")
            .is_none()
    );

    // Remembered browsers: found while unexpired, renewed by a repeat.
    store
        .remember_device("laptop", anna, 2_000)
        .await
        .expect("store");
    assert_eq!(
        store.device_agent("laptop", 1_000).await.expect("store"),
        Some(anna)
    );
    assert_eq!(
        store.device_agent("laptop", 2_000).await.expect("store"),
        None
    );
    assert_eq!(
        store.device_agent("phone", 1_000).await.expect("store"),
        None
    );
    store
        .remember_device("laptop", anna, 3_000)
        .await
        .expect("store");
    assert_eq!(
        store.device_agent("laptop", 2_500).await.expect("store"),
        Some(anna)
    );

    store
        .create_session("again", anna, 2_000)
        .await
        .expect("store");
    assert!(store.remove_agent("anna@example.com").await.expect("store"));
    assert!(!store.remove_agent("anna@example.com").await.expect("store"));
    assert!(
        store
            .agent_by_session("again", 1_000)
            .await
            .expect("store")
            .is_none(),
        "sessions go with their agent"
    );
    assert_eq!(
        store.device_agent("laptop", 1_000).await.expect("store"),
        None,
        "and so do remembered browsers"
    );
}

async fn conversations_and_retries(store: Arc<dyn Store>) {
    let low = conversation(store.as_ref(), "c_low", 5, 100).await;
    let urgent = conversation(store.as_ref(), "c_urgent", 0, 200).await;
    let c = store
        .conversation(&low)
        .await
        .expect("store")
        .expect("store");
    assert_eq!(
        (c.status, c.last_seq, c.priority),
        (ConversationStatus::Queued, Seq(2), 5)
    );
    let transcript: Vec<String> = store
        .messages_after(&low, Seq(0))
        .await
        .expect("store")
        .into_iter()
        .map(|m| format!("{}:{}", m.seq.0, m.text))
        .collect();
    assert_eq!(transcript, ["1:hello", "2:I need a person"]);

    // A retry of the same handoff returns the same conversation with the
    // new token, and the old token stops working.
    let (retry, new) = store
        .create_conversation(&NewConversation {
            id: ConversationId("c_other".to_owned()),
            token_hash: "hash-new".to_owned(),
            site: "demo".to_owned(),
            handoff_client_id: "h-c_low".to_owned(),
            packet: packet(5, &["hello"]),
            now: 300,
        })
        .await
        .expect("store");
    assert!(!new);
    assert_eq!(retry.id, low);
    assert!(
        store
            .conversation_by_token(&low, "hash-c_low")
            .await
            .expect("store")
            .is_none()
    );
    assert!(
        store
            .conversation_by_token(&low, "hash-new")
            .await
            .expect("store")
            .is_some()
    );
    assert!(
        store
            .conversation(&ConversationId("c_other".to_owned()))
            .await
            .expect("store")
            .is_none()
    );

    let open: Vec<ConversationId> = store
        .open_conversations()
        .await
        .expect("store")
        .into_iter()
        .map(|c| c.id)
        .collect();
    assert_eq!(open, [urgent.clone(), low.clone()], "most urgent first");
    store
        .set_status(&urgent, ConversationStatus::Cancelled, None, None, 400)
        .await
        .expect("store");
    let open: Vec<ConversationId> = store
        .open_conversations()
        .await
        .expect("store")
        .into_iter()
        .map(|c| c.id)
        .collect();
    assert_eq!(open, [low]);
}

async fn appends_number_lines_and_drop_repeats(store: Arc<dyn Store>) {
    let c = conversation(store.as_ref(), "c_lines", 3, 100).await;
    let (first, dup) = store
        .append_message(&line(&c, Some("m1"), "where is my order?"))
        .await
        .expect("store");
    assert_eq!((first.seq, dup), (Seq(3), false));
    let (again, dup) = store
        .append_message(&line(&c, Some("m1"), "where is my order?"))
        .await
        .expect("store");
    assert_eq!(
        (again.seq, dup),
        (Seq(3), true),
        "a resend returns the stored line"
    );
    let note = NewMessage {
        author: Author::Agent,
        name: Some("Anna"),
        internal: true,
        ..line(&c, Some("n1"), "checking the courier")
    };
    let (note, _) = store.append_message(&note).await.expect("store");
    assert_eq!(note.seq, Seq(4));
    let after: Vec<(u64, bool, Option<String>)> = store
        .messages_after(&c, Seq(2))
        .await
        .expect("store")
        .into_iter()
        .map(|m| (m.seq.0, m.internal, m.name))
        .collect();
    assert_eq!(
        after,
        [(3, false, None), (4, true, Some("Anna".to_owned()))]
    );
    let missing = ConversationId("c_missing".to_owned());
    assert!(matches!(
        store.append_message(&line(&missing, Some("x"), "hi")).await,
        Err(StoredMessageError::NoConversation)
    ));
    assert_eq!(
        store
            .conversation(&c)
            .await
            .expect("store")
            .expect("store")
            .last_seq,
        Seq(4)
    );
}

async fn claims_respect_status_and_capacity(store: Arc<dyn Store>) {
    let anna = agent(store.as_ref(), "anna@example.com").await;
    let bo = agent(store.as_ref(), "bo@example.com").await;
    let a = conversation(store.as_ref(), "c_a", 1, 100).await;
    let b = conversation(store.as_ref(), "c_b", 1, 110).await;
    assert!(store.claim(&a, anna, Some(1), 200).await.expect("store"));
    assert!(
        !store.claim(&a, bo, Some(3), 201).await.expect("store"),
        "already taken"
    );
    assert!(
        !store.claim(&b, anna, Some(1), 202).await.expect("store"),
        "anna is full"
    );
    assert!(
        store.claim(&b, anna, None, 203).await.expect("store"),
        "accepting by hand ignores capacity"
    );
    let a_row = store.conversation(&a).await.expect("store").expect("store");
    assert_eq!(
        (a_row.status, a_row.agent_id, a_row.assigned_at),
        (ConversationStatus::Assigned, Some(anna), Some(200))
    );

    // Back to the queue, then closed: the handling time is measured.
    store
        .set_status(&a, ConversationStatus::Queued, None, None, 300)
        .await
        .expect("store");
    assert!(store.claim(&a, bo, Some(3), 1_000).await.expect("store"));
    store
        .set_status(
            &a,
            ConversationStatus::Closed,
            Some(bo),
            Some("solved"),
            61_000,
        )
        .await
        .expect("store");
    assert_eq!(
        store.mean_handling_secs(50).await.expect("store"),
        Some(60.0)
    );
    assert!(
        !store.claim(&a, anna, None, 62_000).await.expect("store"),
        "closed conversations stay closed"
    );
}

async fn concurrent_claims_have_one_winner(store: Arc<dyn Store>) {
    let mut agents = Vec::new();
    for i in 0..8 {
        agents.push(agent(store.as_ref(), &format!("agent{i}@example.com")).await);
    }
    for round in 0..5 {
        let c = conversation(store.as_ref(), &format!("c_race{round}"), 1, 100).await;
        let claims = agents.iter().map(|&agent| {
            let store = store.clone();
            let c = c.clone();
            tokio::spawn(async move { store.claim(&c, agent, Some(3), 200).await.expect("store") })
        });
        let won = futures_util::future::join_all(claims)
            .await
            .into_iter()
            .filter(|r| *r.as_ref().expect("task"))
            .count();
        assert_eq!(
            won, 1,
            "round {round}: exactly one agent gets the conversation"
        );
    }
    // One agent, many conversations at once: capacity holds.
    let only = agents[0];
    let mut claims = Vec::new();
    for i in 0..10 {
        let c = conversation(store.as_ref(), &format!("c_load{i}"), 1, 100).await;
        let store = store.clone();
        claims.push(tokio::spawn(async move {
            store.claim(&c, only, Some(5), 300).await.expect("store")
        }));
    }
    futures_util::future::join_all(claims).await;
    let load = store
        .open_conversations()
        .await
        .expect("store")
        .into_iter()
        .filter(|c| c.agent_id == Some(only) && c.status == ConversationStatus::Assigned)
        .count();
    assert_eq!(load, 5, "capacity 5 is never exceeded");
}

async fn concurrent_appends_get_distinct_contiguous_seqs(store: Arc<dyn Store>) {
    let c = conversation(store.as_ref(), "c_busy", 1, 100).await;
    let writes = (0..40).map(|i| {
        let store = store.clone();
        let c = c.clone();
        tokio::spawn(async move {
            // Every line is sent twice, as a reconnecting client would.
            let id = format!("m{}", i / 2);
            let text = format!("line {}", i / 2);
            loop {
                match store.append_message(&line(&c, Some(&id), &text)).await {
                    Ok((m, _)) => return m.seq,
                    // PostgreSQL may refuse one of two identical inserts
                    // racing; the client's resend then finds the first.
                    Err(StoredMessageError::Store(_)) => continue,
                    Err(e) => panic!("{e}"),
                }
            }
        })
    });
    let mut seqs: Vec<u64> = futures_util::future::join_all(writes)
        .await
        .into_iter()
        .map(|r| r.expect("task").0)
        .collect();
    seqs.sort_unstable();
    seqs.dedup();
    assert_eq!(
        seqs,
        (3..23).collect::<Vec<u64>>(),
        "20 distinct lines after the 2-line transcript"
    );
    let stored = store.messages_after(&c, Seq(2)).await.expect("store");
    assert_eq!(stored.len(), 20);
}

async fn tickets_ratings_and_insights(store: Arc<dyn Store>) {
    let anna = agent(store.as_ref(), "anna@example.com").await;
    let first = conversation(store.as_ref(), "c_t1", 4, 1_000).await;
    let second = conversation(store.as_ref(), "c_t2", 4, 2_000).await;
    let t1 = store
        .create_ticket(&first, "a@example.com", "call me", 1_500)
        .await
        .expect("store");
    let t2 = store
        .create_ticket(&second, "b@example.com", "mail me", 2_500)
        .await
        .expect("store");
    assert_eq!(
        store
            .conversation(&first)
            .await
            .expect("store")
            .expect("store")
            .status,
        ConversationStatus::Ticket
    );
    let listed: Vec<i64> = store
        .tickets()
        .await
        .expect("store")
        .into_iter()
        .map(|t| t.id)
        .collect();
    assert_eq!(listed, [t2.id, t1.id], "newest first");
    assert!(store.finish_ticket(t1.id, 3_000).await.expect("store"));
    assert!(
        !store.finish_ticket(t1.id, 3_100).await.expect("store"),
        "already done"
    );
    assert_eq!(
        store.tickets().await.expect("store")[1].done_at,
        Some(3_000)
    );

    let rated = conversation(store.as_ref(), "c_rated", 2, 5_000).await;
    assert!(store.claim(&rated, anna, None, 6_000).await.expect("store"));
    store
        .set_status(&rated, ConversationStatus::Closed, Some(anna), None, 9_000)
        .await
        .expect("store");
    store.rate(&rated, 4, Some("quick")).await.expect("store");
    let facts = store.handoffs_since(4_000).await.expect("store");
    assert_eq!(facts.len(), 1);
    assert_eq!(
        (
            facts[0].rating,
            facts[0].assigned_at,
            facts[0].reason_kind.as_str()
        ),
        (Some(4), Some(6_000), "asked_for_person")
    );

    for kind in ["answered", "answered", "helpful"] {
        store
            .record_bot_event("demo", "2026-11-22", kind)
            .await
            .expect("store");
    }
    store
        .record_bot_event("demo", "2026-11-01", "answered")
        .await
        .expect("store");
    let mut counts: Vec<(String, String, u32)> = store
        .bot_events_since("2026-11-20")
        .await
        .expect("store")
        .into_iter()
        .map(|c| (c.day, c.kind, c.count))
        .collect();
    counts.sort();
    assert_eq!(
        counts,
        [
            ("2026-11-22".to_owned(), "answered".to_owned(), 2),
            ("2026-11-22".to_owned(), "helpful".to_owned(), 1)
        ]
    );
}

/// SQLite only: the WAL is checkpointed off the writer's path (automatic
/// checkpoints are off), so this checks that it still starts over rather
/// than growing while lines keep arriving from many conversations at once.
#[tokio::test]
async fn the_sqlite_wal_starts_over_under_steady_appends() {
    const RESTART_PAGES: i64 = 1_000;
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("wal.sqlite3");
    let url = format!("sqlite://{}?mode=rwc", path.display());
    let store: Arc<dyn Store> = Arc::new(
        store::SqliteStore::open_with_wal_restart(&url, RESTART_PAGES)
            .await
            .expect("open sqlite"),
    );
    let text = "x".repeat(2_000);
    let writers = (0..32).map(|w| {
        let store = store.clone();
        let text = text.clone();
        tokio::spawn(async move {
            let c = conversation(store.as_ref(), &format!("c_wal{w}"), 1, 100).await;
            for i in 0..300 {
                let id = format!("m{i}");
                store
                    .append_message(&line(&c, Some(&id), &text))
                    .await
                    .expect("append");
            }
        })
    });
    for writer in futures_util::future::join_all(writers).await {
        writer.expect("writer task");
    }
    // 9,600 lines of 2 KB in about 300 commits of 32: some 20,000 pages
    // went through the WAL (each commit writes its own copy of the pages it
    // changed), so a WAL that never started over would be about twenty
    // times the restart point. Between two looks of the checkpointer (every
    // 100 ms) the WAL may run past that point by what the writer commits
    // meanwhile: a debug build about 1.5 times the point, a release build
    // 3.4 to 4.3 times here. Ten times still proves it starts over. (Looking
    // after every commit instead kept this test near 1.5 times, but under
    // `cargo xtask load` at 4,000 lines a second it left the WAL at 88 MiB
    // instead of 30: the checkpointer held the locks a restart needs.)
    let wal_pages = std::fs::metadata(dir.path().join("wal.sqlite3-wal"))
        .expect("WAL file")
        .len()
        / 4096;
    assert!(
        wal_pages <= 10 * RESTART_PAGES as u64,
        "the WAL grew to {wal_pages} pages, past 10x the {RESTART_PAGES}-page restart point"
    );
    let c = ConversationId("c_wal7".to_owned());
    let stored = store.messages_after(&c, Seq(2)).await.expect("read back");
    assert_eq!(stored.len(), 300, "every line stored");
}
