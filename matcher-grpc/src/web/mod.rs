//! The web workspace, served by `matcher serve` beside the gRPC service (its own port, `web_listen`): a cadre
//! signs in with their token and works on their own students (lists with reasons, case files, events in a few
//! taps); a League office (a backend token) reads the progress report. Server-rendered HTML built by maud, which
//! escapes every value at compile time; no script; everything embedded in the binary. Why axum: tonic already
//! brings it (one HTTP stack, one runtime); why maud: templates are Rust, checked when the binary is built, and a
//! value can only reach a page escaped.

mod cadre;
mod layout;
mod office;
mod session;
mod signin;

use std::collections::HashMap;
use std::future::Future;
use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use chrono::NaiveDate;
use maud::Markup;

use crate::service::auth::Authenticator;
use crate::service::config::Principal;
use crate::service::engine::Engine;
use crate::service::error::ServiceError;
use session::{cookie, Session, Sessions, SESSION_COOKIE};

pub use session::same_secret;

/// The workspace's state.
pub struct Web {
    engine: Arc<Engine>,
    tokens: Authenticator,
    sessions: Sessions,
    /// The day lists are made for: the sample's day when the data is the embedded sample, else today.
    list_day: Option<NaiveDate>,
    /// Cookies marked `Secure` (the workspace is reached over HTTPS through a proxy).
    secure: bool,
}

impl Web {
    /// A workspace over `engine`, signing in with `tokens`.
    pub fn new(
        engine: Arc<Engine>,
        tokens: HashMap<String, Principal>,
        list_day: Option<NaiveDate>,
        secure: bool,
    ) -> Web {
        // School tokens have no pages: they read the Programmes service only.
        let tokens = tokens.into_iter().filter(|(_, principal)| !matches!(principal, Principal::School(_))).collect();
        Web { engine, tokens: Authenticator::new(tokens), sessions: Sessions::default(), list_day, secure }
    }

    fn day(&self) -> NaiveDate {
        self.list_day.unwrap_or_else(|| chrono::Local::now().date_naive())
    }

    /// The signed-in session of a request.
    fn session(&self, headers: &HeaderMap) -> Option<(String, Session)> {
        let header = headers.get(header::COOKIE)?.to_str().ok()?;
        let id = cookie(header, SESSION_COOKIE)?;
        self.sessions.get(id).map(|s| (id.to_string(), s))
    }
}

/// The routes.
pub fn router(web: Arc<Web>) -> Router {
    Router::new()
        .route("/", get(signin::home))
        .route("/signin", post(signin::sign_in))
        .route("/signout", post(signin::sign_out))
        .route("/app.css", get(stylesheet))
        .route("/students", get(cadre::students))
        .route("/students/{id}", get(cadre::student))
        .route("/students/{id}/events", post(cadre::record))
        .route("/office", get(office::overview))
        .route("/office/cadres", get(office::cadres))
        .route("/office/quiet", get(office::quiet))
        .route("/office/report.xlsx", get(office::workbook))
        .fallback(not_found)
        .layer(middleware::from_fn(headers))
        // Outermost: the request's line and sample see the answer the browser gets.
        .layer(middleware::from_fn(crate::telemetry::requests::web))
        .with_state(web)
}

/// Serves the workspace on `listener` until `stop`.
pub async fn serve(
    web: Arc<Web>,
    listener: tokio::net::TcpListener,
    stop: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let service = router(web).into_make_service_with_connect_info::<std::net::SocketAddr>();
    axum::serve(listener, service).with_graceful_shutdown(stop).await
}

async fn stylesheet() -> Response {
    ([(header::CONTENT_TYPE, "text/css; charset=utf-8"), (header::CACHE_CONTROL, "max-age=3600")], layout::CSS)
        .into_response()
}

async fn not_found(State(web): State<Arc<Web>>, headers: HeaderMap) -> Response {
    let session = web.session(&headers).map(|(_, s)| s);
    page_status(StatusCode::NOT_FOUND, layout::problem("找不到页面", "没有这个页面。", session.as_ref()))
}

/// Security headers on every answer: no script at all, no framing, no sniffing, no referrer, pages never cached
/// (they hold personal data).
async fn headers(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let h = response.headers_mut();
    let fixed = [
        (
            header::CONTENT_SECURITY_POLICY,
            "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
        ),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::X_FRAME_OPTIONS, "DENY"),
        (header::REFERRER_POLICY, "no-referrer"),
    ];
    for (name, value) in fixed {
        h.insert(name, HeaderValue::from_static(value));
    }
    if !h.contains_key(header::CACHE_CONTROL) {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}

/// A page with a status.
fn page_status(status: StatusCode, page: Markup) -> Response {
    (status, Html(page.into_string())).into_response()
}

/// Where a request without the right session goes: the sign-in page.
fn to_sign_in() -> Response {
    Redirect::to("/").into_response()
}

/// A failure as a page: refused, not found, or bad input with its reason; internal failures without detail.
fn failure(error: ServiceError, session: Option<&Session>) -> Response {
    // Another cadre's student and a student who does not exist get the same answer: a cadre must not learn
    // from it who is in the programme.
    let not_yours = || (StatusCode::NOT_FOUND, "找不到", "您的结对学生中没有这名学生。".to_string());
    let (status, title, message) = match &error {
        ServiceError::PermissionDenied(reason) if reason.contains("CSRF") => {
            (StatusCode::FORBIDDEN, "表单已过期", "表单已过期，请刷新页面后重新提交。".to_string())
        }
        ServiceError::PermissionDenied(reason) if reason.contains("League office") => {
            (StatusCode::FORBIDDEN, "无权查看", "此页面仅供团委办公室查看。".to_string())
        }
        ServiceError::PermissionDenied(_) => not_yours(),
        ServiceError::NotFound { what: "student", .. } => not_yours(),
        ServiceError::NotFound { what, id } => {
            (StatusCode::NOT_FOUND, "找不到", format!("没有这个{}：{}", zh(what), shown(id)))
        }
        ServiceError::Core(e) if e.kind() == matcher_core::ErrorKind::NotFound => {
            (StatusCode::NOT_FOUND, "找不到", shown(&e.to_string()))
        }
        ServiceError::Invalid(fields) => (
            StatusCode::BAD_REQUEST,
            "填写有误",
            fields.iter().map(|(f, r)| format!("{f}：{r}")).collect::<Vec<_>>().join("；"),
        ),
        ServiceError::Core(e) if e.kind() == matcher_core::ErrorKind::InvalidInput => {
            (StatusCode::BAD_REQUEST, "填写有误", e.to_string())
        }
        _ => {
            tracing::error!(error = %error, "workspace request failed");
            (StatusCode::INTERNAL_SERVER_ERROR, "出错了", "服务器处理失败，请稍后再试。".to_string())
        }
    };
    page_status(status, layout::problem(title, &message, session))
}

/// What a record is called on a page.
fn zh(what: &str) -> &str {
    match what {
        "posting" => "岗位",
        "cadre" => "团干部",
        "student" => "学生",
        other => other,
    }
}

/// Text from a request shown on a page: printable characters only, at most 80.
fn shown(text: &str) -> String {
    text.chars().filter(|c| !c.is_control()).take(80).collect()
}

/// Runs blocking engine work off the async threads.
async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, ServiceError> + Send + 'static,
) -> Result<T, ServiceError> {
    tokio::task::spawn_blocking(work).await.map_err(|e| ServiceError::Internal(format!("worker failed: {e}")))?
}
