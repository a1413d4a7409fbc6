//! The knowledge-base page: a site's intents as the bot knows them, and a
//! tester where an agent or merchant types a question and sees exactly what
//! the widget would do with it, from the same triage engine compiled to
//! Wasm and the same model the widget downloads.

use std::rc::Rc;

use tandem_live::site::{LoadError, load};
use tandem_protocol::SiteSummary;
use tandem_triage::engine::{Decision, Engine};
use tandem_triage::frustration::History;
use tandem_triage::kb::Route;
use web_sys::{HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::api;

/// What the tester shows for one question.
#[derive(Clone, PartialEq)]
struct Tried {
    question: String,
    decision: String,
    intent: String,
    confidence: u32,
    explanation: String,
    redacted: String,
    language: String,
}

fn try_question(engine: &Engine, question: &str) -> Tried {
    let verdict = engine.triage(question, &History::default());
    let decision = match &verdict.decision {
        Decision::Answer { intent } => format!("Answer with “{intent}”"),
        Decision::Clarify { .. } if verdict.closing => {
            "Reply in kind: thanks or a goodbye, nothing to answer".to_owned()
        }
        Decision::Clarify { options } if options.is_empty() => {
            "Ask the shopper to say more".to_owned()
        }
        Decision::Clarify { options } => format!("Ask which was meant: {}", options.join(", ")),
        Decision::Handoff { priority, .. } => format!("Hand off to a person (priority {priority})"),
    };
    Tried {
        question: question.to_owned(),
        decision,
        intent: verdict.top.intent.clone(),
        confidence: (verdict.top.confidence.clamp(0.0, 1.0) * 100.0).round() as u32,
        explanation: verdict.explanation.clone(),
        redacted: verdict.redacted.text.clone(),
        language: verdict.language.clone().unwrap_or_else(|| "-".to_owned()),
    }
}

/// The knowledge-base page.
#[function_component(Knowledge)]
pub fn knowledge() -> Html {
    let sites = use_state(Vec::<SiteSummary>::new);
    let selected = use_state(|| None::<String>);
    let engine = use_state(|| None::<Rc<Engine>>);
    let error = use_state(|| None::<String>);
    let tried = use_state(|| None::<Tried>);
    {
        let (sites, selected, error) = (sites.clone(), selected.clone(), error.clone());
        use_effect_with((), move |()| {
            wasm_bindgen_futures::spawn_local(async move {
                match api::sites().await {
                    Ok(list) => {
                        selected.set(list.first().map(|s| s.key.clone()));
                        sites.set(list);
                    }
                    Err(message) => error.set(Some(message)),
                }
            });
        });
    }
    {
        let (engine, error, tried) = (engine.clone(), error.clone(), tried.clone());
        use_effect_with((*selected).clone(), move |key| {
            engine.set(None);
            tried.set(None);
            if let Some(key) = key.clone() {
                wasm_bindgen_futures::spawn_local(async move {
                    match load(&key).await {
                        Ok((_, Some(loaded))) => engine.set(Some(Rc::new(loaded))),
                        Ok((_, None)) => error.set(Some(
                            "This site has no knowledge base: every question goes to a person."
                                .to_owned(),
                        )),
                        Err(LoadError::NotSetUp) => {
                            error.set(Some("The server does not know this site.".to_owned()))
                        }
                        Err(LoadError::Failed) => error.set(Some(
                            "The knowledge base could not load. Check your connection.".to_owned(),
                        )),
                    }
                });
            }
        });
    }
    let on_site = {
        let selected = selected.clone();
        Callback::from(move |event: Event| {
            if let Some(select) = event.target_dyn_into::<HtmlSelectElement>() {
                selected.set(Some(select.value()));
            }
        })
    };
    let question_ref = use_node_ref();
    let on_try = {
        let (engine, tried, question_ref) = (engine.clone(), tried.clone(), question_ref.clone());
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let question = question_ref
                .cast::<HtmlTextAreaElement>()
                .map(|t| t.value())
                .unwrap_or_default();
            if let (Some(engine), false) = (engine.as_ref(), question.trim().is_empty()) {
                tried.set(Some(try_question(engine, &question)));
            }
        })
    };
    html! {
        <section class="card knowledge" aria-labelledby="kb-title">
            <h2 id="kb-title">{ "Knowledge base" }</h2>
            if let Some(message) = &*error {
                <p class="error" role="alert">{ message.clone() }</p>
            }
            <label for="kb-site">{ "Site" }</label>
            <select id="kb-site" onchange={on_site}>
                { for sites.iter().map(|s| html! {
                    <option value={s.key.clone()} selected={Some(&s.key) == selected.as_ref()}>{ format!("{} ({})", s.name, s.key) }</option>
                }) }
            </select>
            <form class="tester" onsubmit={on_try}>
                <label for="kb-question">{ "Try a question exactly as a shopper would type it" }</label>
                <textarea id="kb-question" ref={question_ref} rows="2" />
                <button type="submit" disabled={engine.is_none()}>{ "See what the widget does" }</button>
            </form>
            if let Some(t) = &*tried {
                <dl class="verdict" aria-live="polite">
                    <dt>{ "Decision" }</dt><dd class="decision">{ t.decision.clone() }</dd>
                    <dt>{ "Best intent" }</dt><dd>{ format!("{} ({}%)", t.intent, t.confidence) }</dd>
                    <dt>{ "Why" }</dt><dd class="explanation">{ t.explanation.clone() }</dd>
                    <dt>{ "Language" }</dt><dd>{ t.language.clone() }</dd>
                    <dt>{ "Sent as" }</dt><dd>{ t.redacted.clone() }</dd>
                    <dt>{ "Question" }</dt><dd>{ t.question.clone() }</dd>
                </dl>
            }
            if let Some(engine) = engine.as_ref() {
                <table class="intents">
                    <caption>{ format!("{} intents · languages: {}", engine.kb().intents.len(), engine.kb().languages.join(", ")) }</caption>
                    <thead><tr><th scope="col">{ "Question" }</th><th scope="col">{ "Handled by" }</th><th scope="col">{ "Priority" }</th><th scope="col">{ "Examples" }</th></tr></thead>
                    <tbody>
                        { for engine.kb().intents.iter().map(|i| html! {
                            <tr key={i.id.clone()}>
                                <td><strong>{ i.title.clone() }</strong><br/><span class="muted">{ i.id.clone() }</span></td>
                                <td>{ if i.route == Route::Human { "a person, always" } else { "the bot" } }</td>
                                <td>{ i.priority }</td>
                                <td>{ i.examples.len() }</td>
                            </tr>
                        }) }
                    </tbody>
                </table>
            }
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::try_question;
    use tandem_triage::classifier::TrainConfig;
    use tandem_triage::engine::Engine;
    use tandem_triage::kb::KnowledgeBase;

    #[test]
    fn the_tester_says_what_the_bot_would_do_in_words() {
        let kb =
            KnowledgeBase::from_toml(include_str!("../../../../sites/demo/knowledge-base.toml"))
                .expect("the demo knowledge base");
        let engine = Engine::train(kb, &[], &TrainConfig::default()).expect("trains");
        let said = |question: &str| try_question(&engine, question).decision;
        assert_eq!(
            said("thanks, that helped!"),
            "Reply in kind: thanks or a goodbye, nothing to answer"
        );
        assert_eq!(
            said("How can I send back the shoes I bought?"),
            "Answer with “returns”"
        );
        assert!(said("hi").starts_with("Ask which was meant: returns"));
        assert!(said("I want to talk to a person").starts_with("Hand off to a person"));
    }
}
