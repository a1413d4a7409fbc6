//! Calls to the server's agent API. The session lives in an HttpOnly cookie
//! the browser sends by itself; this code never sees the token.

use gloo_net::http::Request;
use tandem_protocol::{
    AgentProfile, ApiErrorBody, Insights, LoginRequest, SiteSummary, TicketView,
};

/// Why a call failed, in words an agent can act on.
pub type ApiResult<T> = Result<T, String>;

async fn error_text(response: gloo_net::http::Response) -> String {
    match response.json::<ApiErrorBody>().await {
        Ok(body) => body.error,
        Err(_) => format!("The server answered {}.", response.status()),
    }
}

/// Logs in and returns the agent's profile.
pub async fn login(email: String, password: String) -> ApiResult<AgentProfile> {
    let response = Request::post("/api/agent/login")
        .json(&LoginRequest { email, password })
        .map_err(|e| e.to_string())?
        .send()
        .await
        .map_err(|_| "Cannot reach the server. Check your connection.".to_owned())?;
    if response.ok() {
        response.json().await.map_err(|e| e.to_string())
    } else {
        Err(error_text(response).await)
    }
}

/// The logged-in agent, or `None` when the session is missing or expired.
pub async fn me() -> ApiResult<Option<AgentProfile>> {
    let response = Request::get("/api/agent/me")
        .send()
        .await
        .map_err(|_| "Cannot reach the server. Check your connection.".to_owned())?;
    match response.status() {
        200 => response.json().await.map(Some).map_err(|e| e.to_string()),
        401 => Ok(None),
        _ => Err(error_text(response).await),
    }
}

/// Ends the session.
pub async fn logout() -> ApiResult<()> {
    let response = Request::post("/api/agent/logout")
        .send()
        .await
        .map_err(|_| "Cannot reach the server. Check your connection.".to_owned())?;
    if response.ok() {
        Ok(())
    } else {
        Err(error_text(response).await)
    }
}

/// Sends `request` and reads a JSON body from a successful answer.
async fn fetch_json<T: serde::de::DeserializeOwned>(
    request: gloo_net::http::RequestBuilder,
) -> ApiResult<T> {
    let response = request
        .send()
        .await
        .map_err(|_| "Cannot reach the server. Check your connection.".to_owned())?;
    if response.ok() {
        response.json().await.map_err(|e| e.to_string())
    } else {
        Err(error_text(response).await)
    }
}

/// Messages shoppers left while nobody was available, newest first.
pub async fn tickets() -> ApiResult<Vec<TicketView>> {
    let mut tickets: Vec<TicketView> = fetch_json(Request::get("/api/tickets")).await?;
    tickets.sort_by_key(|t| std::cmp::Reverse(t.created_at));
    Ok(tickets)
}

/// Marks a ticket done.
pub async fn ticket_done(id: i64) -> ApiResult<()> {
    let response = Request::post(&format!("/api/tickets/{id}/done"))
        .send()
        .await
        .map_err(|_| "Cannot reach the server. Check your connection.".to_owned())?;
    if response.ok() {
        Ok(())
    } else {
        Err(error_text(response).await)
    }
}

/// The sites this server serves.
pub async fn sites() -> ApiResult<Vec<SiteSummary>> {
    fetch_json(Request::get("/api/sites")).await
}

/// Insights over the last `days` days.
pub async fn insights(days: u32) -> ApiResult<Insights> {
    fetch_json(Request::get(&format!("/api/insights?days={days}"))).await
}

/// Every agent, for transfers.
pub async fn colleagues() -> ApiResult<Vec<AgentProfile>> {
    fetch_json(Request::get("/api/agents")).await
}

/// The site's knowledge-base answers as canned replies (none when the site
/// has no knowledge base).
pub async fn knowledge_replies(site: &str) -> ApiResult<Vec<crate::canned::Canned>> {
    let info: tandem_live::site::SiteInfo =
        fetch_json(Request::get(&format!("/api/site/{site}"))).await?;
    Ok(info
        .knowledge_base
        .map(|kb| {
            kb.intents
                .into_iter()
                .map(|intent| crate::canned::Canned {
                    title: intent.title,
                    text: intent.answer.trim().to_owned(),
                })
                .collect()
        })
        .unwrap_or_default())
}
