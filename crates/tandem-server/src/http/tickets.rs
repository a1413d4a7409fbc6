//! Tickets for agents: shoppers' messages left while nobody was available.
//! `GET /api/tickets` lists them; `POST /api/tickets/{id}/done` marks one
//! done. Both need a signed-in agent.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use tandem_protocol::{ApiErrorBody, TicketView};

use super::auth::AuthenticatedAgent;
use super::{ApiError, AppState};
use crate::hub::now_ms;

pub(super) fn router() -> Router<AppState> {
    Router::new()
        .route("/api/tickets", get(list))
        .route("/api/tickets/{id}/done", post(done))
}

async fn list(
    _agent: AuthenticatedAgent,
    State(state): State<AppState>,
) -> Result<Json<Vec<TicketView>>, ApiError> {
    let tickets = state.store.tickets().await?;
    Ok(Json(
        tickets
            .into_iter()
            .map(|t| TicketView {
                id: t.id,
                conversation: t.conversation,
                email: t.email,
                message: t.message,
                created_at: t.created_at,
                done_at: t.done_at,
            })
            .collect(),
    ))
}

async fn done(
    AuthenticatedAgent(agent): AuthenticatedAgent,
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> Result<Response, ApiError> {
    if state.store.finish_ticket(id, now_ms()).await? {
        tracing::info!(ticket = id, agent = %agent.email, "ticket done");
        Ok(StatusCode::NO_CONTENT.into_response())
    } else {
        Ok((
            StatusCode::NOT_FOUND,
            Json(ApiErrorBody {
                error: "That ticket does not exist or is already done.".to_owned(),
            }),
        )
            .into_response())
    }
}
