//! The workspace's page shell: Chinese, readable on a phone (360 px) and a PC, one stylesheet served by the
//! binary, no script, the signed-in user's sign-out form.

use maud::{html, Markup, DOCTYPE};

use super::session::Session;
use crate::service::config::Principal;

/// The stylesheet (`/app.css`): mobile first, wide tables scroll inside their box.
pub const CSS: &str = "*{box-sizing:border-box}body{font-family:'Noto Sans CJK SC','Microsoft YaHei','PingFang SC',\
sans-serif;margin:0;color:#1f2933;background:#f5f7fa;line-height:1.55;font-size:16px}header{background:#c8102e;\
color:#fff;padding:10px 14px;display:flex;flex-wrap:wrap;gap:8px;align-items:center;justify-content:space-between}\
header a{color:#fff;text-decoration:none;font-weight:700}header nav{display:flex;gap:12px;align-items:center;\
flex-wrap:wrap}main{max-width:960px;margin:0 auto;padding:12px}h1{font-size:20px;margin:8px 0}h2{font-size:17px;\
margin:18px 0 8px}.card{background:#fff;border:1px solid #dde3ea;border-radius:8px;padding:12px;margin:10px 0}\
.muted{color:#52606d;font-size:14px}.status{display:inline-block;padding:1px 8px;border-radius:10px;\
background:#e6f4ea;color:#1e6b3a;font-size:14px}.status.seeking{background:#fff4e5;color:#8a4b00}\
.level{display:inline-block;padding:0 8px;border-radius:10px;font-size:14px;font-weight:700}\
.level.high{background:#e6f4ea;color:#1e6b3a}.level.medium{background:#e8f0fb;color:#1f4f8f}\
.level.fair{background:#eef0f2;color:#3e4c59}.why{font-size:14px;color:#323f4b}.apply{font-size:14px;color:#1f4f8f}\
.short{background:#fff4e5;border-left:4px solid #d9822b;padding:8px 10px;margin:8px 0}\
.actions{display:flex;flex-wrap:wrap;gap:6px;margin-top:8px}.actions form{margin:0}\
button,input,select,textarea{font:inherit;font-size:16px}button{padding:6px 12px;border-radius:6px;\
border:1px solid #9aa5b1;background:#fff;cursor:pointer;min-height:40px}button.primary{background:#c8102e;\
color:#fff;border-color:#c8102e}label{display:block;margin:8px 0 2px;font-size:15px}input,select,textarea{width:100%;\
padding:8px;border:1px solid #9aa5b1;border-radius:6px;background:#fff}ul.list{list-style:none;padding:0;margin:0}\
ul.list li{background:#fff;border:1px solid #dde3ea;border-radius:8px;margin:8px 0}ul.list a{display:block;\
padding:10px 12px;color:inherit;text-decoration:none}.scroll{overflow-x:auto}table{border-collapse:collapse;\
font-size:14px;width:100%;background:#fff}th,td{border:1px solid #dde3ea;padding:4px 6px;text-align:left}\
th{background:#ddebf7}td.n{text-align:right}tr.total td{font-weight:700}svg{max-width:100%;height:auto}\
.error{background:#fdecea;border-left:4px solid #c8102e;padding:8px 10px}.timeline li{margin:4px 0}";

/// A whole page.
pub fn page(title: &str, session: Option<&Session>, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="zh-CN" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width,initial-scale=1";
                title { (title) " · 金桥" }
                link rel="stylesheet" href="/app.css";
            }
            body {
                header {
                    a href="/" { "金桥 · 结对帮扶工作台" }
                    @if let Some(session) = session {
                        nav {
                            @match &session.principal {
                                Principal::Cadre(id) => { span { "团干部 " (id.as_str()) } a href="/students" { "我的学生" } }
                                Principal::Backend => { a href="/office" { "进度报表" } a href="/office/cadres" { "团干部" } }
                                Principal::School(school) => { span { "学校 " (school.as_str()) } }
                            }
                            form method="post" action="/signout" {
                                input type="hidden" name="csrf" value=(session.csrf);
                                button type="submit" { "退出" }
                            }
                        }
                    }
                }
                main { (body) }
            }
        }
    }
}

/// A page that says what went wrong.
pub fn problem(title: &str, message: &str, session: Option<&Session>) -> Markup {
    page(title, session, html! { h1 { (title) } p.error { (message) } p { a href="/" { "返回首页" } } })
}
