"""The database model, grouped by domain."""

from quizapp.models import reporting as _reporting  # noqa: F401  (indexes on review_log)
from quizapp.models.audit import AuditEvent
from quizapp.models.banks import Bank, BankOrigin, BankSource, BankStatus, NewOrder, Question
from quizapp.models.classes import AssignmentTarget, ClassBank, ClassMember, Classroom
from quizapp.models.flags import QuestionFlag
from quizapp.models.generator import GeneratedQuestionReview, ReviewDecision
from quizapp.models.scheduler import ExamDate, SchedulerParameters
from quizapp.models.study import Card, Enrollment, PracticeTest, Presentation, ReviewLog
from quizapp.models.types import UTCDateTime, utcnow
from quizapp.models.uploads import BankUpload, BankUploadFile
from quizapp.models.users import ApiToken, LoginFailure, PasswordLink, Role, User, UserSession

__all__ = [
    "ApiToken",
    "AssignmentTarget",
    "AuditEvent",
    "Bank",
    "BankOrigin",
    "BankSource",
    "BankStatus",
    "BankUpload",
    "BankUploadFile",
    "Card",
    "ClassBank",
    "ClassMember",
    "Classroom",
    "Enrollment",
    "ExamDate",
    "GeneratedQuestionReview",
    "LoginFailure",
    "NewOrder",
    "PasswordLink",
    "PracticeTest",
    "Presentation",
    "Question",
    "QuestionFlag",
    "ReviewDecision",
    "ReviewLog",
    "Role",
    "SchedulerParameters",
    "UTCDateTime",
    "User",
    "UserSession",
    "utcnow",
]
