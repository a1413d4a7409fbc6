//! Two real `tandem-server` processes on one PostgreSQL database (a
//! throwaway cluster): shoppers and agents on different nodes talk as if on
//! one server, assignment never doubles up, and a node killed mid-
//! conversation loses nothing acknowledged.

use std::collections::{HashMap, HashSet};
use std::time::Duration;

use serde_json::{Value, json};
use tandem_pg_cluster::PgCluster;

use super::relay::{Server, Ws, exchange_acknowledged, hand_off, resume_from_the_start};

/// Two nodes on a fresh database in `cluster`.
async fn two_nodes(cluster: &PgCluster, name: &str, data: &std::path::Path) -> (Server, Server) {
    let url = cluster.create_database(name).expect("createdb");
    let a = Server::spawn_node(&data.join("a"), None, Some(&url)).await;
    let b = Server::spawn_node(&data.join("b"), None, Some(&url)).await;
    (a, b)
}

/// A shopper on `node` once that node sees an agent online elsewhere.
async fn shopper_seeing_agents(node: &Server) -> Ws {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    loop {
        let mut ws = node
            .socket("/ws/shopper", &node.origin(), None)
            .await
            .expect("shopper connects");
        ws.send(json!({"type": "hello", "v": 1, "site": "demo"}))
            .await;
        let ready = ws.until("ready").await;
        if ready["agents_online"] == true {
            return ws;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "the node never learned that an agent is online on the other node"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

fn text(event: &Value) -> &str {
    event["message"]["text"]
        .as_str()
        .or_else(|| event["text"].as_str())
        .unwrap_or_default()
}

#[tokio::test]
async fn a_shopper_on_one_node_and_an_agent_on_another_talk_as_on_one_server() {
    let pg = PgCluster::start().expect("throwaway PostgreSQL");
    let data = tempfile::tempdir().expect("temp dir");
    let (a, b) = two_nodes(&pg, "journey", data.path()).await;

    let mut anna = b.agent("anna@demo.tandem.dev").await;
    let mut shopper = shopper_seeing_agents(&a).await;
    let (conversation, _token) = hand_off(&mut shopper, "h1", "someone used my card", 1).await;

    // Anna, on the other node, gets the conversation with its history.
    let assigned = anna.until("assigned").await;
    assert_eq!(assigned["detail"]["conversation"], conversation.as_str());
    assert_eq!(
        assigned["detail"]["messages"][0]["text"],
        "someone used my card"
    );
    let joined = shopper.until("agent_joined").await;
    assert_eq!(joined["name"], "Anna");

    // Lines and typing both ways.
    anna.send(json!({"type": "typing", "conversation": conversation, "typing": true}))
        .await;
    assert_eq!(shopper.until("agent_typing").await["typing"], true);
    shopper
        .send(json!({"type": "message", "id": "m1", "text": "it was 2,400 kr"}))
        .await;
    let seen = anna.until("message").await;
    assert_eq!(text(&seen), "it was 2,400 kr");
    anna.send(json!({"type": "message", "id": "r1", "conversation": conversation, "text": "I have blocked the card."}))
        .await;
    let reply = shopper
        .until_where("message", |m| m["author"] == "agent")
        .await;
    assert_eq!(reply["text"], "I have blocked the card.");
    assert_eq!(reply["name"], "Anna");

    // A colleague on the first node cannot take it too.
    let mut jonas = a.agent("jonas@demo.tandem.dev").await;
    jonas
        .send(json!({"type": "accept", "conversation": conversation}))
        .await;
    let refused = jonas.until("error").await;
    assert_eq!(refused["code"], "invalid_state", "{refused}");

    // Closing on one node ends it for the shopper on the other; the rating
    // reaches the agent back across.
    anna.send(json!({"type": "close", "conversation": conversation, "resolution": "card blocked"}))
        .await;
    shopper
        .until_where("status", |s| s["status"] == "closed")
        .await;
    shopper
        .send(json!({"type": "rate", "score": 5, "comment": "fast"}))
        .await;
    let rated = anna.until("rated").await;
    assert_eq!(rated["score"], 5);
    a.kill_9();
    b.kill_9();
}

#[tokio::test]
async fn shoppers_on_both_nodes_are_each_given_to_exactly_one_agent_within_capacity() {
    let pg = PgCluster::start().expect("throwaway PostgreSQL");
    let data = tempfile::tempdir().expect("temp dir");
    let (a, b) = two_nodes(&pg, "routing", data.path()).await;
    let mut anna = b.agent_with("anna@demo.tandem.dev", 2).await;
    let mut jonas = a.agent_with("jonas@demo.tandem.dev", 2).await;

    // Six shoppers, alternating nodes, all at once: four seats.
    let mut shoppers = Vec::new();
    for i in 0..6 {
        let node = if i % 2 == 0 { &a } else { &b };
        shoppers.push(shopper_seeing_agents(node).await);
    }
    let ids: Vec<String> = (0..shoppers.len()).map(|i| format!("h{i}")).collect();
    let handoffs = shoppers
        .iter_mut()
        .zip(&ids)
        .map(|(shopper, id)| hand_off(shopper, id, "I want to talk to a person", 3));
    let conversations: Vec<String> = futures_util::future::join_all(handoffs)
        .await
        .into_iter()
        .map(|(c, _)| c)
        .collect();

    let mut owner: HashMap<String, &str> = HashMap::new();
    for (agent, ws) in [("anna", &mut anna), ("jonas", &mut jonas)] {
        for _ in 0..2 {
            let assigned = ws.until("assigned").await;
            let c = assigned["detail"]["conversation"]
                .as_str()
                .expect("id")
                .to_owned();
            assert!(owner.insert(c, agent).is_none(), "given twice");
        }
        // Nobody gets a third: capacity 2 holds across nodes.
        let extra = ws
            .try_until("assigned", Duration::from_millis(700), |_| true)
            .await;
        assert!(extra.is_none(), "{agent} got more than capacity: {extra:?}");
    }
    assert_eq!(owner.len(), 4);

    // The two left wait, and both nodes agree on their order: positions 1
    // and 2, once each.
    let waiting: Vec<usize> = conversations
        .iter()
        .enumerate()
        .filter(|(_, c)| !owner.contains_key(*c))
        .map(|(i, _)| i)
        .collect();
    assert_eq!(waiting.len(), 2);
    let mut positions = HashSet::new();
    for i in &waiting {
        // The position once things settle: the last one sent before a
        // quiet second.
        let mut last = None;
        while let Some(queue) = shoppers[*i]
            .try_until("queue", Duration::from_secs(1), |_| true)
            .await
        {
            last = queue["position"].as_u64();
        }
        positions.insert(last.expect("a queue position"));
    }
    assert_eq!(positions, HashSet::from([1, 2]));

    // One seat frees up on node B: the first in line gets it, whichever
    // node that shopper is on.
    let anna_first = owner
        .iter()
        .find(|(_, a)| **a == "anna")
        .map(|(c, _)| c.clone())
        .expect("anna has one");
    anna.send(json!({"type": "close", "conversation": anna_first, "resolution": "done"}))
        .await;
    let next = anna.until("assigned").await;
    let next = next["detail"]["conversation"].as_str().expect("id");
    assert!(conversations[waiting[0]] == next || conversations[waiting[1]] == next);
    a.kill_9();
    b.kill_9();
}

#[tokio::test]
async fn a_node_killed_mid_conversation_loses_nothing_its_clients_were_told_was_stored() {
    let pg = PgCluster::start().expect("throwaway PostgreSQL");
    let data = tempfile::tempdir().expect("temp dir");
    let (a, b) = two_nodes(&pg, "failover", data.path()).await;
    let mut anna = b.agent("anna@demo.tandem.dev").await;
    let mut shopper = shopper_seeing_agents(&a).await;
    let (conversation, token) = hand_off(&mut shopper, "h", "card stolen", 1).await;
    anna.until("assigned").await;
    let acknowledged = exchange_acknowledged(&mut shopper, &mut anna, &conversation).await;

    // Node A dies; the shopper's widget reconnects to the node left.
    a.kill_9();
    let (mut back, replayed) =
        resume_from_the_start(&b, &conversation, &token, acknowledged.len()).await;
    assert_eq!(
        replayed, acknowledged,
        "every acknowledged line, once, in order"
    );

    // And the conversation goes on, now on one node.
    back.send(json!({"type": "message", "id": "after", "text": "are you still there?"}))
        .await;
    anna.until_where("message", |m| text(m) == "are you still there?")
        .await;
    anna.send(json!({"type": "message", "id": "a-after", "conversation": conversation, "text": "Yes, still here."}))
        .await;
    let reply = back
        .until_where("message", |m| m["text"] == "Yes, still here.")
        .await;
    assert_eq!(reply["author"], "agent");
    b.kill_9();
}
