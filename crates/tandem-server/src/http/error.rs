//! The one error type HTTP handlers return. Internals are logged in full;
//! the client gets a status and a message it can act on, never the cause.

use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use tandem_protocol::ApiErrorBody;

use crate::store::StoreError;

/// What went wrong while handling a request.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// The database failed; details stay in the log.
    #[error("storage failed")]
    Store(#[from] StoreError),
    /// Wrong email or password (deliberately not saying which).
    #[error("bad credentials")]
    BadCredentials,
    /// Too many failed logins; try again after the duration.
    #[error("too many attempts")]
    TooManyAttempts(std::time::Duration),
    /// The request needs a logged-in agent.
    #[error("not logged in")]
    Unauthenticated,
    /// Too many sign-ins are being checked at once (a guessing attack is
    /// the usual cause); try again after the duration.
    #[error("sign-in busy")]
    SignInBusy(std::time::Duration),
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, message) = match &self {
            ApiError::Store(error) => {
                tracing::error!(%error, "storage failed");
                (
                    StatusCode::SERVICE_UNAVAILABLE,
                    "The service is temporarily unavailable. Please try again shortly.".to_owned(),
                )
            }
            ApiError::BadCredentials => (
                StatusCode::UNAUTHORIZED,
                "That email and password do not match an agent account.".to_owned(),
            ),
            ApiError::TooManyAttempts(wait) => (
                StatusCode::TOO_MANY_REQUESTS,
                format!(
                    "Too many failed sign-ins. Try again in {} minutes.",
                    wait.as_secs().div_ceil(60).max(1)
                ),
            ),
            ApiError::Unauthenticated => (StatusCode::UNAUTHORIZED, "Please sign in.".to_owned()),
            ApiError::SignInBusy(wait) => (
                StatusCode::SERVICE_UNAVAILABLE,
                format!(
                    "Sign-in is busy right now. Try again in {} seconds.",
                    wait.as_secs().max(1)
                ),
            ),
        };
        let mut response = (status, Json(ApiErrorBody { error: message })).into_response();
        if let ApiError::TooManyAttempts(wait) | ApiError::SignInBusy(wait) = &self
            && let Ok(value) = HeaderValue::from_str(&wait.as_secs().max(1).to_string())
        {
            response.headers_mut().insert(header::RETRY_AFTER, value);
        }
        response
    }
}
