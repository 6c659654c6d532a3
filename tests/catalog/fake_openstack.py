"""A stand-in for the `openstack` command with Keystone's catalog semantics, for script tests.

State lives in the JSON file named by $FAKE_OPENSTACK_STATE; every call is appended to
$FAKE_OPENSTACK_STATE.log. Like Keystone, it accepts duplicate services and endpoints
and refuses endpoints in unknown regions (OSC >= 8 looks the region up first).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import uuid


def main(argv):
    state_path = os.environ["FAKE_OPENSTACK_STATE"]
    with open(state_path + ".log", "a", encoding="utf-8") as log:
        log.write(json.dumps(argv) + "\n")
    try:
        with open(state_path, encoding="utf-8") as f:
            state = json.load(f)
    except FileNotFoundError:
        state = {"regions": {}, "services": [], "endpoints": []}
    parser = argparse.ArgumentParser(prog="openstack")
    parser.add_argument("noun", choices=["region", "service", "endpoint"])
    parser.add_argument("verb", choices=["show", "create", "list", "set"])
    parser.add_argument("-f", dest="fmt")
    parser.add_argument("-c", dest="columns", action="append", default=[])
    parser.add_argument("--description")
    parser.add_argument("--parent-region")
    parser.add_argument("--name")
    parser.add_argument("--enable", action="store_true")
    parser.add_argument("--disable", action="store_true")
    parser.add_argument("--service")
    parser.add_argument("--interface", choices=["public", "internal", "admin"])
    parser.add_argument("--region")
    parser.add_argument("--url")
    parser.add_argument("args", nargs="*")
    a = parser.parse_intermixed_args(argv)
    status = 0
    if a.noun == "region":
        if a.verb == "show":
            status = 0 if a.args[0] in state["regions"] else 1
        elif a.verb == "create":
            state["regions"][a.args[0]] = {"description": a.description, "parent": a.parent_region}
    elif a.noun == "service":
        if a.verb == "list":
            print(json.dumps([{"ID": s["id"], "Name": s["name"], "Type": s["type"]} for s in state["services"]]))
        elif a.verb == "create":
            state["services"].append({"id": uuid.uuid4().hex, "type": a.args[0], "name": a.name,
                                      "description": a.description, "enabled": not a.disable})
        elif a.verb == "set":
            service = next(s for s in state["services"] if s["id"] == a.args[0])
            service["enabled"] = not a.disable
    else:
        if a.verb == "list":
            for e in state["endpoints"]:
                if e["service_id"] == a.service and e["interface"] == a.interface and a.region in (None, e["region"]):
                    print(e["id"] if a.columns == ["ID"] else f"{e['id']} {e['region'] or ''}".rstrip())
        elif a.verb == "create":
            if a.region is not None and a.region not in state["regions"]:
                print(f"No Region found for {a.region}", file=sys.stderr)
                return 1
            service_id, interface, url = a.args
            state["endpoints"].append({"id": uuid.uuid4().hex, "service_id": service_id, "interface": interface,
                                       "region": a.region, "url": url, "enabled": not a.disable})
        elif a.verb == "show":
            endpoint = next(e for e in state["endpoints"] if e["id"] == a.args[0])
            print(endpoint[a.columns[0]])
        elif a.verb == "set":
            endpoint = next(e for e in state["endpoints"] if e["id"] == a.args[0])
            if a.url is not None:
                endpoint["url"] = a.url
            endpoint["enabled"] = not a.disable
    with open(state_path, "w", encoding="utf-8") as f:
        json.dump(state, f)
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
