//! What the widget fetches about its site: `GET /api/site/{key}` (name,
//! knowledge base, reply promise) and `GET /api/site/{key}/model` (the
//! compiled classifier), and the `frame-ancestors` policy on the widget's
//! entry page that lets only the site's own pages frame it. Agents list the
//! sites with `GET /api/sites` (the console's knowledge-base page).

use axum::extract::{Path, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde::Serialize;
use tandem_protocol::{ApiErrorBody, SiteSummary};
use tandem_triage::kb::KnowledgeBase;

use super::AppState;

pub(super) fn router() -> Router<AppState> {
    Router::new()
        .route("/api/site/{key}", get(site))
        .route("/api/site/{key}/model", get(model))
        .route("/api/site/{key}/events", axum::routing::post(bot_event))
        .route("/api/sites", get(list))
}

/// The sites this server serves, for the console's knowledge-base page.
/// Agents only: the list of merchants is not public.
async fn list(
    _agent: super::auth::AuthenticatedAgent,
    State(state): State<AppState>,
) -> Json<Vec<SiteSummary>> {
    Json(
        state
            .sites
            .all()
            .into_iter()
            .map(|site| SiteSummary {
                key: site.key.clone(),
                name: site.name.clone(),
                has_knowledge_base: site.knowledge_base.is_some(),
            })
            .collect(),
    )
}

fn not_found() -> Response {
    (
        StatusCode::NOT_FOUND,
        Json(ApiErrorBody {
            error: "This chat is not set up for this shop.".to_owned(),
        }),
    )
        .into_response()
}

/// What the widget needs to know about its site.
#[derive(Serialize)]
struct SiteInfo<'a> {
    key: &'a str,
    name: &'a str,
    reply_within_hours: u32,
    color: &'a str,
    business_hours: Option<BusinessHoursInfo<'a>>,
    open_now: bool,
    knowledge_base: Option<&'a KnowledgeBase>,
}

/// Body of `POST /api/site/{key}/events`.
#[derive(serde::Deserialize)]
struct BotEvent {
    kind: String,
}

/// Counts what the bot did in the browser (no text, no ids: nothing
/// personal leaves the widget this way). Only Tandem's own pages may post.
async fn bot_event(
    State(state): State<AppState>,
    Path(key): Path<String>,
    headers: axum::http::HeaderMap,
    Json(event): Json<BotEvent>,
) -> Response {
    if !state.own_origin(&headers) {
        return (
            StatusCode::FORBIDDEN,
            Json(ApiErrorBody {
                error: "Events are accepted only from Tandem's own pages.".to_owned(),
            }),
        )
            .into_response();
    }
    if state.sites.get(&key).is_none() {
        return not_found();
    }
    let kind = match event.kind.as_str() {
        "started" => "started",
        "answered" => "answered",
        "clarified" => "clarified",
        "helpful" => "helpful",
        "not_helpful" => "not_helpful",
        "resolved" => "resolved",
        _ => {
            return (
                StatusCode::UNPROCESSABLE_ENTITY,
                Json(ApiErrorBody {
                    error: "kind must be started, answered, clarified, helpful, not_helpful or resolved."
                        .to_owned(),
                }),
            )
                .into_response();
        }
    };
    state.metrics.bot(kind);
    // Kept per day for the insights page. A failure costs one count, not
    // the shopper anything: log it and answer as usual.
    let day = crate::insights::day_of(crate::hub::now_ms());
    if let Err(error) = state.store.record_bot_event(&key, &day, kind).await {
        tracing::error!(%error, "recording a bot event");
    }
    StatusCode::NO_CONTENT.into_response()
}

#[derive(Serialize)]
struct BusinessHoursInfo<'a> {
    utc_offset_minutes: i32,
    days: &'a [String],
    open: &'a str,
    close: &'a str,
}

async fn site(State(state): State<AppState>, Path(key): Path<String>) -> Response {
    let Some(site) = state.sites.get(&key) else {
        return not_found();
    };
    let mut response = Json(SiteInfo {
        key: &site.key,
        name: &site.name,
        reply_within_hours: site.reply_within_hours,
        color: &site.color,
        business_hours: site.business_hours.as_ref().map(|h| BusinessHoursInfo {
            utc_offset_minutes: h.utc_offset_minutes,
            days: &h.days,
            open: &h.open,
            close: &h.close,
        }),
        open_now: site
            .business_hours
            .as_ref()
            .is_none_or(|h| h.is_open(crate::hub::now_ms())),
        knowledge_base: site.knowledge_base.as_ref(),
    })
    .into_response();
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    response
}

async fn model(State(state): State<AppState>, Path(key): Path<String>) -> Response {
    let Some(model) = state.sites.get(&key).and_then(|s| s.model.clone()) else {
        return not_found();
    };
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/octet-stream"),
            ),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-cache")),
        ],
        model,
    )
        .into_response()
}

/// Adds `frame-ancestors` to the widget's entry page: only the pages of
/// the site named in `?site=` (and Tandem itself) may frame it.
pub(super) async fn frame_policy(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let path = request.uri().path();
    let is_entry = path == "/widget/" || path == "/widget/index.html";
    let origins = is_entry.then(|| {
        request
            .uri()
            .query()
            .and_then(|q| q.split('&').find_map(|pair| pair.strip_prefix("site=")))
            .and_then(|key| state.sites.get(key))
            .map(|site| site.allowed_origins.join(" "))
            .unwrap_or_default()
    });
    let mut response = next.run(request).await;
    if let Some(origins) = origins {
        let policy = format!("frame-ancestors 'self' {origins}");
        if let Ok(value) = HeaderValue::from_str(policy.trim()) {
            response
                .headers_mut()
                .insert(header::CONTENT_SECURITY_POLICY, value);
        }
        response.headers_mut().insert(
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        );
    }
    response
}
