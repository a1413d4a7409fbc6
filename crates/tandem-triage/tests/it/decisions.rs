//! What the engine decides for messages shoppers send, checked end to end
//! with phrasings that are not in the knowledge base.

use expect_test::{Expect, expect};
use tandem_triage::classifier::TrainConfig;
use tandem_triage::engine::{Decision, Engine, HandoffReason};
use tandem_triage::frustration::History;
use tandem_triage::kb::KnowledgeBase;
use tandem_triage::normalize::normalize;

use super::demo_engine;

fn check(message: &str, expect: Expect) {
    let verdict = demo_engine().triage(message, &History::default());
    let decision = serde_json::to_string(&verdict.decision).expect("serialises");
    expect.assert_eq(&format!("{decision} | {}", verdict.redacted.text));
}

#[test]
fn routine_questions_are_answered() {
    check(
        "How can I send back the shoes I bought?",
        expect![[
            r#"{"decision":"answer","intent":"returns"} | How can I send back the shoes I bought?"#
        ]],
    );
    check(
        "when does my parcel come",
        expect![[r#"{"decision":"answer","intent":"delivery"} | when does my parcel come"#]],
    );
    check(
        "my promo code isn't working",
        expect![[r#"{"decision":"answer","intent":"promo_codes"} | my promo code isn't working"#]],
    );
    check(
        "why did my card get declined",
        expect![[
            r#"{"decision":"answer","intent":"declined_payment"} | why did my card get declined"#
        ]],
    );
}

#[test]
fn an_urgent_topic_outranks_a_request_for_a_person() {
    check(
        "I want to end my life, let me talk to a human",
        expect![[
            r#"{"decision":"handoff","reason":{"kind":"sensitive","topic":"self_harm"},"priority":0} | I want to end my life, let me talk to a human"#
        ]],
    );
    check(
        "someone used my card, can I speak to an agent",
        expect![[
            r#"{"decision":"handoff","reason":{"kind":"sensitive","topic":"fraud"},"priority":1} | someone used my card, can I speak to an agent"#
        ]],
    );
    check(
        "I want to complain, get me a manager",
        expect![[
            r#"{"decision":"handoff","reason":{"kind":"asked_for_person","phrase":"a manager"},"priority":3} | I want to complain, get me a manager"#
        ]],
    );
}

#[test]
fn sensitive_and_personal_requests_go_to_people() {
    check(
        "I don't recognise this charge on my statement",
        expect![[
            r#"{"decision":"handoff","reason":{"kind":"sensitive","topic":"fraud"},"priority":1} | I don't recognise this charge on my statement"#
        ]],
    );
    check(
        "I lost my job and can't pay the next instalment",
        expect![[
            r#"{"decision":"handoff","reason":{"kind":"sensitive","topic":"financial_hardship"},"priority":2} | I lost my job and can't pay the next instalment"#
        ]],
    );
    check(
        "I don't want to live anymore, I can't pay anything",
        expect![[
            r#"{"decision":"handoff","reason":{"kind":"sensitive","topic":"self_harm"},"priority":0} | I don't want to live anymore, I can't pay anything"#
        ]],
    );
    check(
        "can I talk to a real person",
        expect![[
            r#"{"decision":"handoff","reason":{"kind":"asked_for_person","phrase":"real person"},"priority":3} | can I talk to a real person"#
        ]],
    );
    check(
        "Do you have a price match guarantee?",
        expect![[
            r#"{"decision":"handoff","reason":{"kind":"sensitive","topic":"merchant_phrase"},"priority":3} | Do you have a price match guarantee?"#
        ]],
    );
}

#[test]
fn card_numbers_never_reach_the_verdict_text() {
    check(
        "my card 4111 1111 1111 1111 was declined",
        expect![[
            r#"{"decision":"answer","intent":"declined_payment"} | my card [card number] was declined"#
        ]],
    );
}

#[test]
fn questions_outside_the_knowledge_base_are_not_answered() {
    check(
        "what is the capital of australia",
        expect![[
            r#"{"decision":"handoff","reason":{"kind":"out_of_scope"},"priority":3} | what is the capital of australia"#
        ]],
    );
    check(
        "¿Dónde está mi pedido?",
        expect![[
            r#"{"decision":"handoff","reason":{"kind":"language","language":"es"},"priority":3} | ¿Dónde está mi pedido?"#
        ]],
    );
}

/// The focus gate: a question whose confidences spread over too many
/// intents for the policy's `min_focus` is out of scope, even when its top
/// confidence and known words pass (on a large knowledge base that is most
/// out-of-domain questions; BENCHMARKS.md).
#[test]
fn a_question_spread_over_too_many_intents_is_out_of_scope() {
    let message = "when does my parcel come";
    let scores = demo_engine().model().scores(&normalize(message));
    let policy = &demo_engine().kb().policy;
    assert!(scores.ranked[0].1 >= policy.answer_threshold);
    assert!(scores.known_words >= policy.min_known_words);
    let text = std::fs::read_to_string(super::demo_kb_path()).expect("demo knowledge base");
    let with_min_focus = |min_focus: f32| {
        let mut kb = KnowledgeBase::from_toml(&text).expect("demo knowledge base is valid");
        kb.policy.min_focus = min_focus;
        Engine::train(kb, &[], &TrainConfig::default())
            .expect("trains")
            .triage(message, &History::default())
    };
    let focus = scores.focus();
    let answered = with_min_focus(focus - 0.01);
    assert!(
        matches!(answered.decision, Decision::Answer { .. }),
        "{answered:?}"
    );
    assert!(answered.in_scope);
    let rejected = with_min_focus(focus + 0.01);
    assert!(!rejected.in_scope);
    assert!(
        matches!(
            rejected.decision,
            Decision::Handoff {
                reason: HandoffReason::OutOfScope,
                ..
            }
        ),
        "{rejected:?}"
    );
    assert!(
        rejected.explanation.contains("intents)"),
        "{}",
        rejected.explanation
    );
}

#[test]
fn greetings_get_suggestions_not_a_guess() {
    check(
        "hi!",
        expect![[
            r#"{"decision":"clarify","options":["returns","delivery","payment_plans"]} | hi!"#
        ]],
    );
    check(
        "   ",
        expect![[
            r#"{"decision":"clarify","options":["returns","delivery","payment_plans"]} |    "#
        ]],
    );
}

#[test]
fn thanks_and_goodbyes_are_not_questions_for_a_person() {
    // Each was handed to a person before: as out of scope, or by the
    // sensitive-topic model ("bye" as a legal threat, "test" as a
    // complaint).
    for message in [
        "ok thanks",
        "thanks, that helped!",
        "bye",
        "tack så mycket",
        "danke schön",
    ] {
        let verdict = demo_engine().triage(message, &History::default());
        assert!(verdict.closing, "{message}");
        assert_eq!(
            verdict.decision,
            Decision::Clarify { options: vec![] },
            "{message}"
        );
    }
    check(
        "test",
        expect![[
            r#"{"decision":"clarify","options":["returns","delivery","payment_plans"]} | test"#
        ]],
    );
    check(
        "yes",
        expect![[
            r#"{"decision":"clarify","options":["returns","delivery","payment_plans"]} | yes"#
        ]],
    );
    // Sarcasm is frustration, and a bare sensitive word is still heard.
    check(
        "thanks for nothing",
        expect![[
            r#"{"decision":"handoff","reason":{"kind":"frustrated","signal":"dissatisfied"},"priority":2} | thanks for nothing"#
        ]],
    );
    check(
        "stolen!",
        expect![[
            r#"{"decision":"handoff","reason":{"kind":"sensitive","topic":"stolen_or_compromised"},"priority":1} | stolen!"#
        ]],
    );
    assert!(
        !demo_engine()
            .triage("where is my parcel", &History::default())
            .closing
    );
}

#[test]
fn a_repeated_question_hands_off() {
    let history = History {
        shopper_messages: vec![normalize("where is my parcel")],
        unhelpful_answers: 0,
    };
    let verdict = demo_engine().triage("where is my parcel??", &history);
    assert_eq!(
        serde_json::to_string(&verdict.decision).expect("serialises"),
        r#"{"decision":"handoff","reason":{"kind":"frustrated","signal":"repeated"},"priority":2}"#
    );
}

#[test]
fn a_shops_routine_words_do_not_make_a_message_sensitive_but_never_hide_self_harm() {
    // A mobility shop: "wheelchair" signals vulnerability elsewhere, and
    // every other question here has it.
    let text = std::fs::read_to_string(super::demo_kb_path()).expect("demo knowledge base");
    let text = text.replacen(
        "[policy]",
        "[policy]\nroutine_phrases = [\"wheelchair*\", \"mobility scooter\"]",
        1,
    );
    let kb = KnowledgeBase::from_toml(&text).expect("valid with routine phrases");
    let engine = Engine::train(kb, &[], &TrainConfig::default()).expect("trains");
    let sensitive = |engine: &Engine, message: &str| {
        engine
            .triage(message, &History::default())
            .sensitive
            .map(|t| t.id())
    };
    let question = "when will the wheelchair I ordered arrive?";
    assert_eq!(
        sensitive(super::demo_engine(), question),
        Some("vulnerability")
    );
    assert_eq!(sensitive(&engine, question), None);
    assert_eq!(
        sensitive(&engine, "can I return the mobility scooter?"),
        None
    );
    // Other signs of the same topic still count, and the most urgent
    // topics are read from the whole message.
    assert_eq!(
        sensitive(&engine, "I have dementia, which wheelchairs fold?"),
        Some("vulnerability")
    );
    assert_eq!(
        sensitive(
            &engine,
            "I want to end my life, cancel the wheelchair order"
        ),
        Some("self_harm")
    );
    assert_eq!(
        sensitive(&engine, "the wheelchair collapsed and my dad broke his arm"),
        Some("safety")
    );
}
