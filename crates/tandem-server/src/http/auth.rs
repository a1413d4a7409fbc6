//! Agent login, logout and "who am I".
//!
//! A session is 256 random bits sent to the browser in an HttpOnly, Secure,
//! SameSite=Strict cookie; the database stores only a BLAKE2b hash of it.
//! Failed logins are rate-limited per client address and per account, and
//! the reply never says whether the email or the password was wrong. A
//! browser the agent signed in from before carries a device cookie (a
//! random token, stored hashed); its failures count against that browser
//! instead of the account, so someone guessing the agent's password from
//! elsewhere cannot lock her out of her own laptop (OWASP's "device
//! cookies").
//!
//! Checking a password costs an Argon2 hash (tens of milliseconds of CPU,
//! by design). A botnet guessing from thousands of addresses passes the
//! per-address limit, and unbounded hashing took both cores from the relay
//! (`cargo xtask attack`: shoppers' p99 went from 8 ms to 350 ms). So at
//! most half the cores hash at once; a sign-in that cannot start within
//! [`SIGN_IN_QUEUE_WAIT`] is told to try again shortly.

use std::net::SocketAddr;
use std::sync::LazyLock;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use axum::extract::{ConnectInfo, FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use tandem_protocol::{AgentProfile, LoginRequest};

use super::{ApiError, AppState};
use crate::secrets::{random_hex, token_hash};
use crate::store::Agent;

/// Name of the session cookie.
pub const SESSION_COOKIE: &str = "tandem_session";
/// Name of the cookie that marks a browser an agent signed in from.
pub const DEVICE_COOKIE: &str = "tandem_device";
/// How long a browser stays known after its last good sign-in.
const DEVICE_TTL: Duration = Duration::from_secs(90 * 24 * 60 * 60);
/// How long a session lasts: one long shift.
const SESSION_TTL: Duration = Duration::from_secs(12 * 60 * 60);
/// Failed logins allowed per address and per account within the window.
pub const MAX_LOGIN_FAILURES: usize = 5;
/// The window for [`MAX_LOGIN_FAILURES`].
pub const LOGIN_WINDOW: Duration = Duration::from_secs(15 * 60);
/// How long a sign-in waits for a password check to start.
pub const SIGN_IN_QUEUE_WAIT: Duration = Duration::from_secs(3);

/// Password checks that may run at once: half the cores, at least one.
pub fn password_check_slots() -> usize {
    std::thread::available_parallelism().map_or(1, |n| (n.get() / 2).max(1))
}

pub(super) fn router() -> Router<AppState> {
    Router::new()
        .route("/api/agent/login", post(login))
        .route("/api/agent/logout", post(logout))
        .route("/api/agent/me", get(me))
        .route("/api/agents", get(colleagues))
}

fn profile(agent: &Agent) -> AgentProfile {
    AgentProfile {
        email: agent.email.clone(),
        display_name: agent.display_name.clone(),
        languages: agent.languages.clone(),
    }
}

fn unix_now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

/// A session token: 256 random bits.
fn new_token() -> String {
    random_hex(32)
}

fn cookie_value(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value.to_owned())
}

fn session_cookie(token: &str, max_age: Duration) -> HeaderValue {
    let cookie = format!(
        "{SESSION_COOKIE}={token}; HttpOnly; Secure; SameSite=Strict; Path=/; Max-Age={}",
        max_age.as_secs()
    );
    HeaderValue::from_str(&cookie).unwrap_or_else(|_| HeaderValue::from_static(""))
}

/// Sent only to the login endpoint, which is the only one that reads it.
fn device_cookie(token: &str) -> HeaderValue {
    let cookie = format!(
        "{DEVICE_COOKIE}={token}; HttpOnly; Secure; SameSite=Strict; Path=/api/agent/login; Max-Age={}",
        DEVICE_TTL.as_secs()
    );
    HeaderValue::from_str(&cookie).unwrap_or_else(|_| HeaderValue::from_static(""))
}

async fn login(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Json(request): Json<LoginRequest>,
) -> Result<Response, ApiError> {
    let now = Instant::now();
    let email = request.email.trim().to_lowercase();
    let agent = state.store.agent_by_email(&email).await?;
    // This browser's device cookie and its hash, when it is this agent's.
    let device = match (cookie_value(&headers, DEVICE_COOKIE), &agent) {
        (Some(token), Some(agent)) => {
            let hash = token_hash(&token);
            (state.store.device_agent(&hash, unix_now()).await? == Some(agent.id))
                .then_some((token, hash))
        }
        _ => None,
    };
    let keys = [
        format!("ip:{}", state.client_ip(&headers, peer)),
        match &device {
            Some((_, hash)) => format!("device:{hash}"),
            None => format!("account:{email}"),
        },
    ];
    if let Some(wait) = keys
        .iter()
        .filter_map(|key| state.login_limiter.retry_after(key, now))
        .max()
    {
        return Err(ApiError::TooManyAttempts(wait));
    }
    // Verify against a dummy hash when the account does not exist, so the
    // response time does not reveal which emails are agents.
    let stored = agent
        .as_ref()
        .map(|a| a.password_hash.as_str())
        .unwrap_or(DUMMY_HASH.as_str());
    let password = request.password;
    let stored = stored.to_owned();
    let Ok(Ok(slot)) = tokio::time::timeout(
        SIGN_IN_QUEUE_WAIT,
        state.password_checks.clone().acquire_owned(),
    )
    .await
    else {
        tracing::warn!(%peer, "sign-in refused: password checks busy");
        return Err(ApiError::SignInBusy(SIGN_IN_QUEUE_WAIT));
    };
    let valid = tokio::task::spawn_blocking(move || {
        let valid = crate::password::verify(&password, &stored);
        drop(slot);
        valid
    })
    .await
    .unwrap_or(false);
    let Some(agent) = agent.filter(|_| valid) else {
        for key in &keys {
            state.login_limiter.record_failure(key, now);
        }
        tracing::warn!(%peer, "failed agent login");
        return Err(ApiError::BadCredentials);
    };
    for key in &keys {
        state.login_limiter.reset(key);
    }
    let token = new_token();
    let expires_at = unix_now() + i64::try_from(SESSION_TTL.as_secs()).unwrap_or(i64::MAX);
    state
        .store
        .create_session(&token_hash(&token), agent.id, expires_at)
        .await?;
    tracing::info!(agent = %agent.email, "agent logged in");
    // Remember this browser (again: each good sign-in renews it).
    let device_token = device.map_or_else(new_token, |(token, _)| token);
    let device_expires = unix_now() + i64::try_from(DEVICE_TTL.as_secs()).unwrap_or(i64::MAX);
    state
        .store
        .remember_device(&token_hash(&device_token), agent.id, device_expires)
        .await?;
    let mut response = Json(profile(&agent)).into_response();
    let headers = response.headers_mut();
    headers.insert(header::SET_COOKIE, session_cookie(&token, SESSION_TTL));
    headers.append(header::SET_COOKIE, device_cookie(&device_token));
    Ok(response)
}

/// A hash of a random password with the same parameters as real ones, so
/// verifying against it costs the same time.
static DUMMY_HASH: LazyLock<String> =
    LazyLock::new(|| crate::password::hash(&new_token()).unwrap_or_default());

async fn logout(State(state): State<AppState>, headers: HeaderMap) -> Result<Response, ApiError> {
    if let Some(token) = cookie_value(&headers, SESSION_COOKIE) {
        state.store.delete_session(&token_hash(&token)).await?;
    }
    let mut response = StatusCode::NO_CONTENT.into_response();
    response
        .headers_mut()
        .insert(header::SET_COOKIE, session_cookie("", Duration::ZERO));
    Ok(response)
}

async fn me(agent: AuthenticatedAgent) -> Json<AgentProfile> {
    Json(profile(&agent.0))
}

/// Every agent (for "transfer to a colleague"), ordered by email. Agents
/// only; no password hashes, only what the console shows.
async fn colleagues(
    _agent: AuthenticatedAgent,
    State(state): State<AppState>,
) -> Result<Json<Vec<AgentProfile>>, ApiError> {
    let agents = state.store.list_agents().await?;
    Ok(Json(agents.iter().map(profile).collect()))
}

/// Extractor for handlers that need a logged-in agent; answers 401 otherwise.
pub struct AuthenticatedAgent(pub Agent);

impl FromRequestParts<AppState> for AuthenticatedAgent {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let token =
            cookie_value(&parts.headers, SESSION_COOKIE).ok_or(ApiError::Unauthenticated)?;
        state
            .store
            .agent_by_session(&token_hash(&token), unix_now())
            .await?
            .map(AuthenticatedAgent)
            .ok_or(ApiError::Unauthenticated)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_session_cookie_among_others() {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::COOKIE,
            HeaderValue::from_static("a=1; tandem_session=abc; b=2"),
        );
        assert_eq!(
            cookie_value(&headers, SESSION_COOKIE).as_deref(),
            Some("abc")
        );
        assert_eq!(cookie_value(&headers, "missing"), None);
    }

    #[test]
    fn tokens_are_256_bits_and_distinct() {
        let (a, b) = (new_token(), new_token());
        assert_eq!(a.len(), 64);
        assert_ne!(a, b);
        assert_eq!(token_hash(&a).len(), 128);
    }

    #[test]
    fn the_dummy_hash_is_a_real_hash() {
        assert!(DUMMY_HASH.starts_with("$argon2id$"));
    }
}
