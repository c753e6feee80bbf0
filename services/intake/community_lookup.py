"""Finds the community an address names, for channels (the 12345 export) whose rows carry only
an address. Reads the registry's community list once per import."""

from __future__ import annotations

from collections.abc import Sequence

from fengqiao.evaluation.v1 import registry_pb2, registry_pb2_grpc


class AddressCommunities:
    def __init__(self, names: Sequence[str]) -> None:
        # Longest first, so 东方世家二期 wins over 东方世家 when both exist.
        self.names = sorted(set(names), key=len, reverse=True)

    @classmethod
    async def load(
        cls, registry: registry_pb2_grpc.RegistryServiceStub, metadata: Sequence[tuple[str, str]]
    ) -> AddressCommunities:
        names: list[str] = []
        token = ""
        while True:
            page = await registry.ListCommunities(
                registry_pb2.ListCommunitiesRequest(page_size=200, page_token=token), metadata=metadata
            )
            names.extend(c.name for c in page.communities)
            token = page.next_page_token
            if not token:
                return cls(names)

    def community_in(self, address: str) -> str:
        """The registry name the address contains, or "" (validation then names the field)."""
        return next((name for name in self.names if name in address), "")
