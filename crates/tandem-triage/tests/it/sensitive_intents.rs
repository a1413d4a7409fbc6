//! Sensitive intents: an intent whose examples the patterns mostly find
//! sensitive hands off the questions the classifier places in it, under
//! that topic, even when no pattern matches the question itself.

use tandem_triage::classifier::{ModelError, TrainConfig};
use tandem_triage::engine::{Decision, Engine, HandoffReason};
use tandem_triage::frustration::History;
use tandem_triage::kb::KnowledgeBase;
use tandem_triage::normalize::normalize;
use tandem_triage::sensitive::{Topic, detect};

use super::routine_shop;

const THEFT: [&str; 6] = [
    "my card was stolen",
    "someone stole my card at the station",
    "my wallet was stolen with the card in it",
    "I can't find my wallet anywhere",
    "my purse is gone",
    "lost my wallet on the bus",
];

/// The routine shop plus a `card_theft` intent with these examples.
fn examples(theft: &[&str]) -> Vec<(String, String)> {
    let mut examples = routine_shop();
    examples.extend(
        theft
            .iter()
            .map(|t| (t.to_string(), "card_theft".to_owned())),
    );
    examples
}

/// Trained without the built-in phrasings, so that no sensitive-topic
/// model speaks first and only the intents can.
fn engine(theft: &[&str]) -> Engine {
    let kb = KnowledgeBase::from_labels(vec![
        "card_theft".to_owned(),
        "delivery".to_owned(),
        "payments".to_owned(),
        "returns".to_owned(),
    ]);
    Engine::train_with(kb, &examples(theft), &TrainConfig::default(), &[], &[]).expect("trains")
}

/// A question the classifier places in `card_theft` that no pattern knows.
const UNFLAGGED: &str = "I can't find my purse";

#[test]
fn an_intent_whose_examples_are_mostly_sensitive_hands_off_its_questions() {
    let flagged = THEFT
        .iter()
        .filter(|t| detect(&normalize(t), &[]).is_some())
        .count();
    assert!(
        (2..THEFT.len()).contains(&flagged),
        "some of the examples, not all, are found by a pattern: {flagged}"
    );
    assert_eq!(detect(&normalize(UNFLAGGED), &[]), None);

    let engine = engine(&THEFT);
    assert_eq!(
        engine.sensitive_intents(),
        vec![(0, Topic::StolenOrCompromised)]
    );
    let verdict = engine.triage(UNFLAGGED, &History::default());
    assert_eq!(verdict.top.intent, "card_theft");
    assert_eq!(verdict.sensitive, Some(Topic::StolenOrCompromised));
    assert_eq!(
        verdict.decision,
        Decision::Handoff {
            reason: HandoffReason::Sensitive {
                topic: Topic::StolenOrCompromised
            },
            priority: 1,
        }
    );
    assert!(
        verdict.explanation.contains("card_theft"),
        "{}",
        verdict.explanation
    );
    // The shop's other questions are still answered.
    let verdict = engine.triage("where is my parcel", &History::default());
    assert_eq!(verdict.sensitive, None);
    assert!(
        matches!(verdict.decision, Decision::Answer { .. }),
        "{:?}",
        verdict.decision
    );
}

#[test]
fn one_sensitive_example_does_not_make_an_intent_sensitive() {
    let mostly_routine = [
        "my card was stolen",
        "I can't find my wallet anywhere",
        "my purse is at home",
        "I left my purse at a cafe",
        "where did I leave my purse",
        "I can't find my purse at home",
    ];
    let flagged = mostly_routine
        .iter()
        .filter(|t| detect(&normalize(t), &[]).is_some())
        .count();
    assert_eq!(flagged, 1);
    let engine = engine(&mostly_routine);
    assert_eq!(engine.sensitive_intents(), vec![]);
    let verdict = engine.triage(UNFLAGGED, &History::default());
    assert_eq!(verdict.top.intent, "card_theft");
    assert_eq!(verdict.sensitive, None);
}

#[test]
fn the_merchants_routing_to_people_keeps_its_reason() {
    let mut engine = engine(&THEFT);
    engine.route_to_humans(["card_theft".to_owned()]);
    let verdict = engine.triage(UNFLAGGED, &History::default());
    assert_eq!(verdict.sensitive, None);
    assert!(
        matches!(
            verdict.decision,
            Decision::Handoff {
                reason: HandoffReason::HumanOnlyIntent { .. },
                ..
            }
        ),
        "{:?}",
        verdict.decision
    );
}

#[test]
fn the_bundle_carries_the_sensitive_intents() {
    let trained = engine(&THEFT);
    let bytes = trained.to_bytes();
    let bundle = Engine::decode(&bytes).expect("decodes");
    assert_eq!(
        bundle.sensitive_intents,
        vec![(0, Topic::StolenOrCompromised)]
    );
    let reloaded = Engine::from_bytes(trained.kb().clone(), &bytes).expect("loads");
    assert_eq!(
        reloaded.triage(UNFLAGGED, &History::default()),
        trained.triage(UNFLAGGED, &History::default())
    );

    // The first version of the bundle (no sensitive intents) still loads.
    let intents = trained.model().to_bytes();
    let mut first = b"TNDE\x01".to_vec();
    first.extend_from_slice(&(intents.len() as u32).to_le_bytes());
    first.extend_from_slice(&intents);
    let old = Engine::decode(&first).expect("a first-version bundle decodes");
    assert_eq!(old.intents, *trained.model());
    assert!(old.sensitive_intents.is_empty());
    assert!(old.sensitive_model.is_none());

    // An entry naming a label that does not exist is refused; one naming a
    // topic this build does not know (a newer server's) is skipped, so an
    // older widget still loads the rest of the bundle.
    let entry = 4 + 1 + 4 + intents.len() + 2;
    let mut bad_label = bytes.clone();
    bad_label[entry] = 200;
    assert!(matches!(
        Engine::decode(&bad_label),
        Err(ModelError::Corrupt(_))
    ));
    let mut newer_topic = bytes.clone();
    newer_topic[entry + 2] = 200;
    let newer = Engine::decode(&newer_topic).expect("a newer topic is skipped");
    assert!(newer.sensitive_intents.is_empty());
    assert_eq!(newer.intents, *trained.model());
    // Cut inside the entries, the bundle is refused.
    assert!(Engine::decode(&bytes[..entry + 1]).is_err());
}
