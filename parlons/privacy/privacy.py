from parlons.core.models import AuditEntry


def export_user_data(user) -> dict:
    return {
        "account": {
            "email": user.email,
            "pseudonym": user.pseudonym,
            "real_name": user.real_name,
            "show_real_name": user.show_real_name,
            "official_title": user.official_title,
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
            "notifications": {
                "replies": user.notify_replies,
                "answers": user.notify_answers,
                "meetings": user.notify_meetings,
                "daily_digest": user.daily_digest,
            },
        },
        "roles": [
            {"territory": a.territory.name, "role": a.role, "since": a.granted_at.isoformat()}
            for a in user.role_assignments.select_related("territory")
        ],
        "actions": [
            {"date": e.created_at.isoformat(), "action": e.action}
            for e in AuditEntry.objects.filter(actor=user).order_by("created_at")
        ],
    }
