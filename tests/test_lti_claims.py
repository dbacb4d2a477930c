"""The pure reading of launch claims: roles, names, links, services."""

from __future__ import annotations

import pytest

from quizapp.lti.claims import LTI, read_launch, role_names, teaches

LIS = "http://purl.imsglobal.org/vocab/lis/v2/"


@pytest.mark.parametrize(
    ("roles", "teacher"),
    [
        ([LIS + "membership#Instructor"], True),
        ([LIS + "membership#Learner"], False),
        ([LIS + "membership/Instructor#TeachingAssistant"], True),
        (["Instructor"], True),
        ([LIS + "institution/person#Administrator", LIS + "membership#Learner"], False),
        ([LIS + "membership#ContentDeveloper"], True),
        ([], False),
        ([None, 3], False),
    ],
)
def test_who_teaches(roles, teacher):
    assert teaches(roles) is teacher


def test_role_names_take_the_last_part():
    assert role_names([LIS + "membership#Mentor", "Learner"]) == {"Mentor", "Learner"}


def test_read_launch_takes_the_parts_quizapp_uses():
    launch = read_launch(
        {
            "iss": "https://lms",
            "sub": "u1",
            "given_name": "Ada",
            "family_name": "Lovelace",
            LTI + "deployment_id": "d",
            LTI + "message_type": "LtiResourceLinkRequest",
            LTI + "roles": [LIS + "membership#Learner"],
            LTI + "context": {"id": "c1", "label": "GEO"},
            LTI + "resource_link": {"id": "r1"},
            LTI + "custom": {"quizapp_bank": "capitals"},
            "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint": {
                "lineitems": "https://lms/li",
                "scope": ["s"],
            },
            "https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice": {
                "context_memberships_url": "https://lms/m",
            },
        }
    )
    assert launch.name == "Ada Lovelace" and launch.context_title == "GEO"
    assert launch.bank_slug == "capitals" and not launch.is_instructor
    assert launch.lineitems_url == "https://lms/li" and launch.ags_scopes == ("s",)
    assert launch.memberships_url == "https://lms/m" and not launch.is_deep_linking
    assert read_launch({}).bank_slug is None
