//! 活动 Campaigns: promotions planned about two months ahead across 企划/设计/推广/区域 teams.
//! Rules arrive with the campaign-calendar issue.
