"""The errors of the query endpoint, each mapped to the HTTP status it is answered with."""

from __future__ import annotations

__all__ = [
    "AnswerTooLarge",
    "MalformedQuery",
    "NotAcceptable",
    "ProtocolError",
    "QueryRefused",
    "QueryTimeout",
    "RequestTimeout",
    "RequestTooLarge",
    "TooManyRequests",
    "UnsupportedMediaType",
    "WorkerCrashed",
]


class ProtocolError(Exception):
    """A query the endpoint answers with an error; ``status`` is the HTTP status it maps to."""

    status = 500

    @property
    def message(self) -> str:
        return str(self.args[0]) if self.args else self.__class__.__name__


class MalformedQuery(ProtocolError):
    """The text is not a SPARQL 1.1 query (the message is the engine's), or nests too deep."""

    status = 400


class QueryRefused(ProtocolError):
    """An update or a ``SERVICE`` clause: this endpoint only reads its own store."""

    status = 403


class NotAcceptable(ProtocolError):
    """No result format the client accepts fits the query form."""

    status = 406


class RequestTimeout(ProtocolError):
    """The client sent its request body too slowly."""

    status = 408


class RequestTooLarge(ProtocolError):
    """The request body or query string is larger than allowed."""

    status = 413


class UnsupportedMediaType(ProtocolError):
    """A POST body of a kind the protocol does not define for queries."""

    status = 415


class TooManyRequests(ProtocolError):
    """The client already has as many queries running as it may; it should wait for them."""

    status = 429


class QueryTimeout(ProtocolError):
    """The query ran longer than the timeout (or no worker came free in time)."""

    status = 503


class AnswerTooLarge(ProtocolError):
    """The serialized answer grew past the answer size limit (nothing of it is sent)."""

    status = 507


class WorkerCrashed(ProtocolError):
    """The query engine aborted (or ran out of memory) while answering; its worker was replaced."""

    status = 500
