//! The sensitive-topic model: what it catches that no pattern does, that it
//! never takes a question from the merchant's intents, and how it travels
//! to the widget inside the model bundle.

use tandem_triage::classifier::{Classifier, ModelError, TrainConfig};
use tandem_triage::engine::{Decision, Engine, HandoffReason, Need};
use tandem_triage::frustration::History;
use tandem_triage::human_request::find_person_request;
use tandem_triage::kb::KnowledgeBase;
use tandem_triage::normalize::normalize;
use tandem_triage::phrasings::Phrasing;
use tandem_triage::sensitive::{Topic, detect};

use super::{demo_engine, routine_shop};

/// Made-up phrasings of one topic, in words no built-in pattern knows.
fn phrasings() -> Vec<Phrasing> {
    [
        "the grumblers took my gizmo wallet",
        "grumblers emptied my gizmo account",
        "a grumbler has my gizmo login",
        "grumblers again in my gizmo",
        "my gizmo was grumbled last night",
        "grumblers everywhere in my gizmo money",
        // Twelve: taught beside the built-in everyday questions too, six
        // were too few to carry a clause.
        "the grumblers got into my gizmo",
        "grumblers took everything from my gizmo",
        "my gizmo has grumblers in it",
        "grumblers stole from the gizmo",
        "someone grumbled my gizmo",
        "the gizmo was taken by grumblers",
    ]
    .into_iter()
    .map(|text| Phrasing {
        round: 1,
        topic: Some(Topic::StolenOrCompromised),
        text,
    })
    .collect()
}

fn engine(phrasings: &[Phrasing]) -> Engine {
    let kb = KnowledgeBase::from_labels(vec![
        "delivery".to_owned(),
        "returns".to_owned(),
        "payments".to_owned(),
    ]);
    // Made-up words against the shop's examples alone: the built-in
    // everyday questions would move these small models with every edit.
    Engine::train_with(kb, &routine_shop(), &TrainConfig::default(), phrasings, &[])
        .expect("trains")
}

#[test]
fn a_message_no_pattern_knows_goes_to_a_person_by_its_likeness() {
    let message = "the grumblers are in my gizmo";
    assert_eq!(
        detect(&normalize(message), &[]),
        None,
        "no pattern knows it"
    );
    let verdict = engine(&phrasings()).triage(message, &History::default());
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
        verdict
            .explanation
            .contains("reads like messages that need a person"),
        "{}",
        verdict.explanation
    );
    // Never an intent: the top guess stays one of the merchant's.
    assert!(["delivery", "returns", "payments"].contains(&verdict.top.intent.as_str()));

    // Without the phrasings the same engine would not know.
    let plain = engine(&[]).triage(message, &History::default());
    assert_eq!(plain.sensitive, None);
}

#[test]
fn a_request_no_phrase_knows_is_read_as_a_request_for_a_person() {
    // Made-up requests, in words no phrase of the list knows.
    let mut taught = phrasings();
    taught.extend(
        [
            "fetch me a flibber",
            "a flibber please",
            "i want a flibber to look at this",
            "flibber now",
            "give me a real flibber",
            "can a flibber ring me",
        ]
        .into_iter()
        .map(|text| Phrasing {
            round: 1,
            topic: None,
            text,
        }),
    );
    let message = "could a flibber sort this out for me";
    assert_eq!(
        find_person_request(&normalize(message)),
        None,
        "no phrase knows it"
    );
    let verdict = engine(&taught).triage(message, &History::default());
    assert_eq!(verdict.sensitive, None);
    assert_eq!(
        verdict.decision,
        Decision::Handoff {
            reason: HandoffReason::AskedForPerson {
                phrase: message.to_owned()
            },
            priority: 3,
        },
        "{}",
        verdict.explanation
    );
    assert!(
        verdict.explanation.contains("seems to ask for a person"),
        "{}",
        verdict.explanation
    );
    // Topics are still told apart from requests.
    let topical = engine(&taught).triage("the grumblers are in my gizmo", &History::default());
    assert_eq!(topical.sensitive, Some(Topic::StolenOrCompromised));
    // Without the requests the same engine would not know.
    let plain = engine(&phrasings()).triage(message, &History::default());
    assert!(
        !matches!(
            plain.decision,
            Decision::Handoff {
                reason: HandoffReason::AskedForPerson { .. },
                ..
            }
        ),
        "{:?}",
        plain.decision
    );
}

#[test]
fn a_request_for_a_person_is_not_taken_for_a_topic_it_resembles() {
    let verdict = engine(&phrasings()).triage(
        "the grumblers are in my gizmo, a human please",
        &History::default(),
    );
    assert!(
        matches!(
            verdict.decision,
            Decision::Handoff {
                reason: HandoffReason::AskedForPerson { .. },
                priority: 3
            }
        ),
        "{:?}",
        verdict.decision
    );
    assert_eq!(verdict.sensitive, None);
}

#[test]
fn a_language_the_shop_does_not_cover_goes_to_a_person_for_its_language() {
    // The shop's examples are English and the only Swedish it learns is
    // sensitive, so to its model any Swedish reads as sensitive; but the
    // message is routine, and goes to a person for its language.
    let mut taught = phrasings();
    taught.extend(
        [
            "någon har tagit mitt paket och min plånbok",
            "var är mitt kort, det är stulet",
            "när kommer pengarna tillbaka till mig, någon tog dem",
            "det fram till mig att kontot är kapat",
        ]
        .map(|text| Phrasing {
            round: 1,
            topic: Some(Topic::StolenOrCompromised),
            text,
        }),
    );
    let verdict = engine(&taught).triage(
        "Hej, var är mitt paket och när kommer det fram till mig?",
        &History::default(),
    );
    assert_eq!(verdict.sensitive, None);
    assert!(
        matches!(
            verdict.decision,
            Decision::Handoff {
                reason: HandoffReason::Language { .. },
                ..
            }
        ),
        "{:?}",
        verdict.decision
    );
}

#[test]
fn routine_questions_stay_with_the_bot() {
    let engine = engine(&phrasings());
    for question in ["where is my parcel", "can I pay by invoice", "return label"] {
        let verdict = engine.triage(question, &History::default());
        assert_eq!(verdict.sensitive, None, "{question}");
        assert!(
            matches!(verdict.decision, Decision::Answer { .. }),
            "{question}: {:?}",
            verdict.decision
        );
    }
}

#[test]
fn the_bundle_carries_both_models_and_plain_models_still_load() {
    let trained = engine(&phrasings());
    let bytes = trained.to_bytes();
    let bundle = Engine::decode(&bytes).expect("decodes");
    assert_eq!(bundle.intents, *trained.model());
    assert!(bundle.sensitive_model.is_some());
    let reloaded = Engine::from_bytes(trained.kb().clone(), &bytes).expect("loads");
    for message in ["the grumblers are in my gizmo", "where is my parcel"] {
        assert_eq!(
            reloaded.triage(message, &History::default()),
            trained.triage(message, &History::default())
        );
    }

    // A bare intent classifier, as models were shipped before, loads
    // without a sensitive-topic model.
    let plain = Engine::decode(&trained.model().to_bytes()).expect("decodes");
    assert_eq!(plain.intents, *trained.model());
    assert!(plain.sensitive_model.is_none());

    // Cut anywhere, the bundle is refused, never half read.
    for cut in [5, 9, bytes.len() / 2, bytes.len() - 1] {
        assert!(Engine::decode(&bytes[..cut]).is_err(), "cut at {cut}");
    }
    let mut wrong_version = bytes.clone();
    wrong_version[4] = 99;
    assert_eq!(
        Engine::decode(&wrong_version).map(|_| ()),
        Err(ModelError::BadHeader)
    );
    assert!(
        Classifier::from_bytes(&bytes).is_err(),
        "a bundle is not a bare model"
    );
}

#[test]
fn no_model_without_both_sides_to_learn_from() {
    // No phrasings: nothing to learn beside the routine examples.
    let trained = engine(&[]);
    assert!(
        Engine::decode(&trained.to_bytes())
            .expect("decodes")
            .sensitive_model
            .is_none()
    );
    // Every example of the shop is sensitive by the patterns: no routine.
    let kb = KnowledgeBase::from_labels(vec!["fraud".to_owned(), "stolen".to_owned()]);
    let examples = [
        ("someone used my card".to_owned(), "fraud".to_owned()),
        ("my card was stolen".to_owned(), "stolen".to_owned()),
    ];
    let trained = Engine::train_with(kb, &examples, &TrainConfig::default(), &phrasings(), &[])
        .expect("trains");
    assert!(
        Engine::decode(&trained.to_bytes())
            .expect("decodes")
            .sensitive_model
            .is_none()
    );
}

#[test]
fn the_built_in_phrasings_are_learned_unless_turned_off() {
    let kb = demo_engine().kb().clone();
    let off = TrainConfig {
        learn_sensitive: false,
        ..TrainConfig::default()
    };
    let plain = Engine::train(kb, &[], &off).expect("trains");
    assert!(
        Engine::decode(&plain.to_bytes())
            .expect("decodes")
            .sensitive_model
            .is_none()
    );
    assert!(
        Engine::decode(&demo_engine().to_bytes())
            .expect("decodes")
            .sensitive_model
            .is_some()
    );
}

#[test]
fn a_bare_greeting_is_not_read_as_sensitive() {
    // Phrasings that open with a greeting teach the model that "hi" is part
    // of sensitive messages; a greeting alone still gets the suggestions.
    let mut taught = phrasings();
    taught.extend(
        [
            "hi, the grumblers took my gizmo",
            "hello, grumblers again",
            "hi hi, a grumbler in my gizmo",
            "hey, hi, grumblers",
        ]
        .map(|text| Phrasing {
            round: 1,
            topic: Some(Topic::StolenOrCompromised),
            text,
        }),
    );
    let verdict = engine(&taught).triage("hi!", &History::default());
    assert_eq!(verdict.sensitive, None);
    assert!(
        matches!(verdict.decision, Decision::Clarify { .. }),
        "{:?}",
        verdict.decision
    );
}

#[test]
fn one_clause_can_carry_a_message_that_leans_sensitive() {
    let engine = engine(&phrasings());
    // The routine request drowns the rest (the whole reads under one half
    // sensitive), its last clause alone reads about 0.99.
    let message = "exchange for a smaller size and the grumblers took my gizmo";
    let normalized = normalize(message);
    let tokens = tandem_triage::pattern::tokens(&normalized);
    let found = engine.learned_need(&tokens);
    assert_eq!(
        found.map(|(t, _)| t),
        Some(Need::Topic(Topic::StolenOrCompromised))
    );
    // The same words with no break between them stay routine as a whole.
    let run_on = "exchange for a smaller size the grumblers took my gizmo";
    let normalized = normalize(run_on);
    let tokens = tandem_triage::pattern::tokens(&normalized);
    assert_eq!(engine.learned_need(&tokens), None);
}

#[test]
fn asking_for_help_in_general_is_not_sensitive() {
    // Sensitive phrasings often say "help"; beside the demo's sixty
    // examples the model once read a bare "I need help" as hardship.
    for message in ["I need help", "can you help me", "ich brauche Hilfe"] {
        let verdict = demo_engine().triage(message, &History::default());
        assert_eq!(verdict.sensitive, None, "{message}");
    }
    let verdict = demo_engine().triage("I need help", &History::default());
    assert!(
        matches!(verdict.decision, Decision::Clarify { .. }),
        "{:?}",
        verdict.decision
    );
}

#[test]
fn self_harm_by_likeness_alone_needs_the_likelier_half() {
    // Self-harm brings the crisis lines and the front of the queue. A
    // message the model splits between self-harm and another topic keeps
    // its handoff, under the other topic; one it reads as self-harm above
    // one half is named so.
    let taught: Vec<Phrasing> = [
        (Topic::SelfHarm, "blorp wobble the quux"),
        (Topic::SelfHarm, "blorp wobble my quux again"),
        (Topic::SelfHarm, "a blorp wobble quux tonight"),
        (Topic::SelfHarm, "wobble wobble blorp"),
        (Topic::Fraud, "blorp frobnicate the quux"),
        (Topic::Fraud, "blorp frobnicate my quux again"),
        (Topic::Fraud, "a blorp frobnicate quux tonight"),
        (Topic::Fraud, "frobnicate frobnicate blorp"),
        (Topic::Dispute, "blorp zorch the quux"),
        (Topic::Dispute, "blorp zorch my quux again"),
        (Topic::Dispute, "a blorp zorch quux tonight"),
        (Topic::Dispute, "zorch zorch blorp"),
    ]
    .into_iter()
    .map(|(topic, text)| Phrasing {
        round: 1,
        topic: Some(topic),
        text,
    })
    .collect();
    let engine = engine(&taught);
    let need = |message: &str| {
        let normalized = normalize(message);
        engine.learned_need(&tandem_triage::pattern::tokens(&normalized))
    };
    let model = Engine::decode(&engine.to_bytes())
        .expect("decodes")
        .sensitive_model
        .expect("a sensitive-topic model");
    let labels = model.labels().to_vec();
    let probability = |message: &str, label: &str| {
        let normalized = normalize(message);
        let p = model.probabilities_of_words(&tandem_triage::pattern::tokens(&normalized));
        labels.iter().position(|l| l == label).map_or(0.0, |i| p[i])
    };
    // Self-harm is the likeliest topic here, but under one half.
    let split = "blorp quux tonight";
    let self_harm = probability(split, "self_harm");
    assert!(self_harm < 0.5, "{self_harm}");
    let (dispute, fraud) = (probability(split, "dispute"), probability(split, "fraud"));
    assert!(
        dispute < self_harm && fraud < self_harm,
        "{dispute} {fraud}"
    );
    let (named, share) = need(split).expect("reads as sensitive");
    assert!(share >= 0.5, "{share}");
    let next = if dispute > fraud {
        Topic::Dispute
    } else {
        Topic::Fraud
    };
    assert_eq!(named, Need::Topic(next));
    let clear = "wobble wobble blorp";
    assert!(probability(clear, "self_harm") > 0.5);
    assert_eq!(
        need(clear).map(|(need, _)| need),
        Some(Need::Topic(Topic::SelfHarm))
    );
}
