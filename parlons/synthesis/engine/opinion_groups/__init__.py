"""Opinion groups following the method of Pol.is: who votes alike, what sets each group apart,
and what everyone shares.

Pure Python (numpy, scipy), no Django. Feed it votes as (voter, comment, vote)
records with agree = 1, disagree = -1, pass = 0, or as a `VoteTable` built
from integer arrays for millions of votes:

    result = find_opinion_groups([("ana", "c1", 1), ("ben", "c1", -1), ...])
    result.groups          # {voter: group id}, for voters with enough votes
    result.representative  # {group id: [RepresentativeComment]}
    result.consensus       # [ConsensusComment], agreements then disagreements
    result.stability       # how many reruns in other arrival orders find the same groups
    result.provenance      # method, parameters, hash of the votes

The groups describe how people voted, to help read a consultation; they are
never a decision about anyone. See parlons/transparency/algorithms/opinion-groups.md.
"""

from .method import (
    METHOD,
    OpinionGroupParameters,
    OpinionGroups,
    OpinionGroupState,
    find_opinion_groups,
)
from .polis_export import ExportError, PolisComments, read_comments, read_votes
from .report import as_french_text
from .representative import ConsensusComment, RepresentativeComment
from .votes import AGREE, DISAGREE, PASS, VoteError, VoteTable

__all__ = [
    "AGREE",
    "DISAGREE",
    "ExportError",
    "METHOD",
    "PASS",
    "ConsensusComment",
    "OpinionGroupParameters",
    "OpinionGroupState",
    "OpinionGroups",
    "PolisComments",
    "RepresentativeComment",
    "VoteError",
    "VoteTable",
    "as_french_text",
    "find_opinion_groups",
    "read_comments",
    "read_votes",
]
