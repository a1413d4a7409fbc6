//! `GET /api/insights?days=N`: the console's insights page, for signed-in
//! agents. The figures come from `crate::insights` over the last `N` UTC
//! days (1 to 90, default 14).

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde::Deserialize;
use tandem_protocol::ApiErrorBody;

use super::auth::AuthenticatedAgent;
use super::{ApiError, AppState};
use crate::hub::now_ms;
use crate::insights::{compute, period};

pub(super) fn router() -> Router<AppState> {
    Router::new().route("/api/insights", get(insights))
}

#[derive(Deserialize)]
struct Period {
    days: Option<u32>,
}

async fn insights(
    _agent: AuthenticatedAgent,
    State(state): State<AppState>,
    Query(query): Query<Period>,
) -> Result<Response, ApiError> {
    let days = query.days.unwrap_or(14);
    if !(1..=90).contains(&days) {
        return Ok((
            StatusCode::BAD_REQUEST,
            Json(ApiErrorBody {
                error: "days must be between 1 and 90.".to_owned(),
            }),
        )
            .into_response());
    }
    let now = now_ms();
    let days = period(now, days);
    let first_ms = now - i64::from(u32::try_from(days.len()).unwrap_or(90)) * 24 * 3_600_000;
    let bot = state.store.bot_events_since(&days[0]).await?;
    let handoffs = state.store.handoffs_since(first_ms).await?;
    Ok(Json(compute(&days, &bot, &handoffs)).into_response())
}
