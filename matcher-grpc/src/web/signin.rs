//! Signing in and out: the token goes in a form once (protected by a CSRF cookie of its own), never into a URL
//! or a page; it is exchanged for a session cookie.

use std::sync::Arc;

use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::Form;
use maud::html;
use serde::Deserialize;

use super::layout::page;
use super::session::{clear_cookie, cookie, same_secret, secret, set_cookie, SESSION_COOKIE, SIGNIN_COOKIE};
use super::{page_status, Web};
use crate::service::config::Principal;

/// `/`: the signed-in user's start page, or the sign-in form.
pub async fn home(State(web): State<Arc<Web>>, headers: HeaderMap) -> Response {
    match web.session(&headers) {
        Some((_, session)) => match session.principal {
            Principal::Cadre(_) => Redirect::to("/students").into_response(),
            Principal::Backend => Redirect::to("/office").into_response(),
            // Never signed in (the workspace drops school tokens); shown the form if ever.
            Principal::School(_) => form(&web, None, StatusCode::OK),
        },
        None => form(&web, None, StatusCode::OK),
    }
}

fn form(web: &Web, error: Option<&str>, status: StatusCode) -> Response {
    let csrf = secret();
    let body = html! {
        h1 { "登录" }
        div.card {
            p.muted { "团干部请使用本人的令牌登录，查看结对学生、推荐岗位并记录帮扶；团委（后台令牌）查看全省进度报表。" }
            @if let Some(error) = error { p.error { (error) } }
            form method="post" action="/signin" {
                input type="hidden" name="csrf" value=(csrf);
                label for="token" { "令牌" }
                input id="token" name="token" type="password" autocomplete="current-password" required;
                div.actions { button.primary type="submit" { "登录" } }
            }
        }
    };
    let mut response = page_status(status, page("登录", None, body));
    if let Ok(value) = set_cookie(SIGNIN_COOKIE, &csrf, web.secure).parse() {
        response.headers_mut().insert(header::SET_COOKIE, value);
    }
    response
}

#[derive(Deserialize)]
pub struct SignIn {
    #[serde(default)]
    token: String,
    #[serde(default)]
    csrf: String,
}

/// `POST /signin`: a known token starts a session.
pub async fn sign_in(State(web): State<Arc<Web>>, headers: HeaderMap, Form(form_data): Form<SignIn>) -> Response {
    let expected = headers.get(header::COOKIE).and_then(|h| h.to_str().ok()).and_then(|h| cookie(h, SIGNIN_COOKIE));
    if !expected.is_some_and(|e| same_secret(e, &form_data.csrf)) {
        return form(&web, Some("页面已过期，请重新登录。"), StatusCode::FORBIDDEN);
    }
    let Some(principal) = web.tokens.resolve(form_data.token.trim()) else {
        return form(&web, Some("令牌无效。"), StatusCode::UNAUTHORIZED);
    };
    let id = web.sessions.start(principal.clone());
    let to = match principal {
        Principal::Cadre(_) => "/students",
        Principal::Backend => "/office",
        Principal::School(_) => return form(&web, Some("令牌无效。"), StatusCode::UNAUTHORIZED),
    };
    let mut response = Redirect::to(to).into_response();
    let cookies = [set_cookie(SESSION_COOKIE, &id, web.secure), clear_cookie(SIGNIN_COOKIE)];
    for value in cookies {
        if let Ok(value) = value.parse() {
            response.headers_mut().append(header::SET_COOKIE, value);
        }
    }
    response
}

#[derive(Deserialize)]
pub struct SignOut {
    #[serde(default)]
    csrf: String,
}

/// `POST /signout`: ends the session.
pub async fn sign_out(State(web): State<Arc<Web>>, headers: HeaderMap, Form(form_data): Form<SignOut>) -> Response {
    if let Some((id, session)) = web.session(&headers) {
        if !same_secret(&session.csrf, &form_data.csrf) {
            return (StatusCode::FORBIDDEN, Html("表单已过期")).into_response();
        }
        web.sessions.end(&id);
    }
    let mut response = Redirect::to("/").into_response();
    if let Ok(value) = clear_cookie(SESSION_COOKIE).parse() {
        response.headers_mut().insert(header::SET_COOKIE, value);
    }
    response
}
