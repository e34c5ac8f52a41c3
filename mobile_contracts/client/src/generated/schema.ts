// Generated from mobile_contracts/openapi.yaml by `make generate`; do not edit.
export interface paths {
    "/v1/admin/communities/{community_id}/audit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** This community's audit log, newest first, by time and optionally operator or target */
        get: operations["listCommunityAudit"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/communities/{community_id}/staff": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Staff accounts of this community, searchable by username or name */
        get: operations["listStaff"];
        put?: never;
        /** Create a staff account in this community */
        post: operations["createStaff"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/communities/{community_id}/staff/{account_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One staff account of this community */
        get: operations["getStaff"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/communities/{community_id}/staff/{account_id}/disable": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Disable a staff account and end its sessions */
        post: operations["disableStaff"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/communities/{community_id}/staff/{account_id}/enable": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Enable a disabled staff account */
        post: operations["enableStaff"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/communities/{community_id}/staff/{account_id}/password": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Reset a password; the person must change it at next sign-in */
        post: operations["resetStaffPassword"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/communities/{community_id}/staff/{account_id}/phone": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The full phone number of a staff account (the read itself is audited) */
        get: operations["revealStaffPhone"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/communities/{community_id}/staff/{account_id}/remove": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Remove a staff account from this community (it keeps any other community; with none left it is disabled); its current access tokens stop working */
        post: operations["removeStaff"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/communities/{community_id}/staff/{account_id}/unlock": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Lift a lockout after failed sign-ins */
        post: operations["unlockStaff"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/org-units": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List the children of an organisation node (cursor paginated) */
        get: operations["listOrgUnits"];
        put?: never;
        /** Create a node of the six-level organisation hierarchy */
        post: operations["createOrgUnit"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/org-units/{code}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Read an organisation node */
        get: operations["getOrgUnit"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/pass-keys/rotate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Start a new generation of pass-signing keys; passes signed before stay valid until they end */
        post: operations["rotatePassKeys"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/platform/audit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Platform-level audit log (sign-ins, platform accounts), newest first */
        get: operations["listPlatformAudit"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/staff": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Platform admin: create any staff or admin account, in any communities */
        post: operations["createPlatformStaff"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/gate/communities/{community_id}/credentials/present": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A door (recorded as a passage when it opens) or an elevator (floor) checks a presented credential */
        post: operations["presentCredential"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/gate/communities/{community_id}/keypad-passes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The passes valid at this gate with a keypad passcode (their passcode keys) and the attempt limits, for checking passcodes offline */
        get: operations["getKeypadPasses"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/gate/communities/{community_id}/offline-entries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Upload the entries a gate admitted while offline; reconciled, double uses flagged, retries no-ops */
        post: operations["uploadOfflineEntries"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/gate/communities/{community_id}/pass-keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The community's published pass keys and revocation list, for verifying passes offline */
        get: operations["getPassKeys"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/gate/communities/{community_id}/verify": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Verify a scanned pass, keypad passcode or recognised plate online; take one entry (once if single-use) */
        post: operations["verifyPassAtGate"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/gate/sessions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A gate signs in with the key of its device certificate (each signed sign-in once); a 5-minute gate token */
        post: operations["openGateSession"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Service health: version and whether DynamoDB answers */
        get: operations["getHealth"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/public/logout": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** End a session: its refresh token and every later one stop working */
        post: operations["signOut"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/public/resident/login": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Resident sign-in from the mini-program with a wx.login code */
        post: operations["signInResident"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/public/staff/login": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Staff and admin sign-in with username and password */
        post: operations["signInStaff"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/public/token/refresh": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Exchange a refresh token for a new access token and the next refresh token */
        post: operations["refreshSession"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/public/wechatpay/notify": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** WeChat Pay v3 notifications (payments and refunds): verified on the raw body, applied once; answers WeChat's body ({"code": "SUCCESS"} or {"code": "FAIL", "message", "reason"}) */
        post: operations["receiveWechatPayNotification"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/resident/communities/{community_id}/bindings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Bind my account to a house whose residents the property registered (name + phone or ID) */
        post: operations["bindHouse"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/resident/communities/{community_id}/household-applications": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Apply to join a house when no registered record matches; a manager decides */
        post: operations["applyForHousehold"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/resident/communities/{community_id}/houses/{house_id}/alarms": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Alarms of one of my homes, newest first */
        get: operations["listHomeAlarms"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/resident/communities/{community_id}/houses/{house_id}/bills": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** My house's bills, newest period first, with what is still unpaid */
        get: operations["listHouseBills"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/resident/communities/{community_id}/houses/{house_id}/credentials": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** My access credentials for this house */
        get: operations["listMyCredentials"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/resident/communities/{community_id}/houses/{house_id}/credentials/{credential_id}/report-loss": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Report my card (or other credential) lost */
        post: operations["reportMyCredentialLoss"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/resident/communities/{community_id}/houses/{house_id}/door-commands/{command_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The outcome of one of your door openings */
        get: operations["getDoorCommand"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/resident/communities/{community_id}/houses/{house_id}/doors": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The doors this resident may open: their building's and the community's shared doors */
        get: operations["listMyDoors"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/resident/communities/{community_id}/houses/{house_id}/doors/{device_id}/open": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Open a door remotely (a device command with ack and timeout); poll the command for the result */
        post: operations["openDoor"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/resident/communities/{community_id}/houses/{house_id}/members": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Current members of my household (names and relations only) */
        get: operations["listHouseholdMembers"];
        put?: never;
        /** Owner invites a family member or tenant (they then bind with name + phone) */
        post: operations["inviteHouseholdMember"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/resident/communities/{community_id}/houses/{house_id}/members/{person_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Owner removes a family member or tenant (kept in the house's history) */
        delete: operations["removeHouseholdMember"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/resident/communities/{community_id}/houses/{house_id}/move-out": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** I move out of this house (my residency ends and stays in history) */
        post: operations["moveOutMyself"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/resident/communities/{community_id}/houses/{house_id}/payments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** My house's payments, newest first (paid ones carry their receipt number) */
        get: operations["listHousePayments"];
        put?: never;
        /** Pay unpaid bills of my house: one WeChat Pay (mini-program) order; answers wx.requestPayment's parameters */
        post: operations["payBills"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/resident/communities/{community_id}/houses/{house_id}/payments/{order_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One payment of my house and its receipt */
        get: operations["getHousePayment"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/resident/communities/{community_id}/houses/{house_id}/sos": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Ask for emergency help from home (SOS): a critical alarm that reaches the property centre at once */
        post: operations["pressSos"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/resident/communities/{community_id}/houses/{house_id}/visitor-passes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The house's visitor passes, newest first */
        get: operations["listHousePasses"];
        put?: never;
        /** Invite a visitor: a signed pass (pending when the community requires approval) */
        post: operations["inviteVisitor"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/resident/communities/{community_id}/houses/{house_id}/visitor-passes/{pass_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One visitor pass with its token (while it admits) and status history */
        get: operations["getHousePass"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/resident/communities/{community_id}/houses/{house_id}/visitor-passes/{pass_id}/confirm": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** The host confirms a walk-in visitor the guard registered */
        post: operations["confirmWalkIn"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/resident/communities/{community_id}/houses/{house_id}/visitor-passes/{pass_id}/decline": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** The host declines a walk-in visitor */
        post: operations["declineWalkIn"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/resident/communities/{community_id}/houses/{house_id}/visitor-passes/{pass_id}/passcode": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The pass's current keypad passcode (10 digits: its slot, then a code that changes every minute) */
        get: operations["getPassPasscode"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/resident/communities/{community_id}/houses/{house_id}/visitor-passes/{pass_id}/qr": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Share a pass: its token as a QR code (PNG, base64) for the visitor */
        get: operations["getPassQrCode"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/resident/communities/{community_id}/houses/{house_id}/visitor-passes/{pass_id}/revoke": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Revoke a pass (gates refuse it online at once, offline with their next revocation list) */
        post: operations["revokeHousePass"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/resident/communities/{community_id}/houses/{house_id}/work-orders": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Your household's work orders, newest first */
        get: operations["listHouseWorkOrders"];
        put?: never;
        /** Report a repair, complaint or suggestion for your household */
        post: operations["reportWorkOrder"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/resident/communities/{community_id}/houses/{house_id}/work-orders/{ticket_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One work order with its photos and timeline */
        get: operations["getHouseWorkOrder"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/resident/communities/{community_id}/houses/{house_id}/work-orders/{ticket_id}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Cancel your report before work starts */
        post: operations["cancelWorkOrder"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/resident/communities/{community_id}/houses/{house_id}/work-orders/{ticket_id}/photos": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Add a photo: returns a presigned POST form (one key, this content type, at most the declared size) */
        post: operations["addWorkOrderPhoto"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/resident/communities/{community_id}/houses/{house_id}/work-orders/{ticket_id}/rate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Rate a resolved work order (1-5 and a comment); repairs and suggestions close with the rating */
        post: operations["rateWorkOrder"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/resident/communities/{community_id}/houses/{house_id}/work-orders/{ticket_id}/reopen": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Reopen a resolved work order within 7 days of its resolution */
        post: operations["reopenWorkOrder"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/resident/communities/{community_id}/houses/{house_id}/work-orders/{ticket_id}/urge": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Urge an open work order (at most once every 30 minutes) */
        post: operations["urgeWorkOrder"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/resident/communities/{community_id}/ledger": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The community's published income summaries per fee item and month (004 账目公示) */
        get: operations["getPublishedLedger"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/resident/communities/{community_id}/work-order-categories": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The community's work-order categories (with response and resolution deadlines) */
        get: operations["listWorkOrderCategories"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/resident/directory/communities/{community_id}/buildings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A community's buildings, to find your house (labels like 3栋) */
        get: operations["listBuildingsToBind"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/resident/directory/communities/{community_id}/buildings/{building_id}/units": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A building's units (2单元, ...) */
        get: operations["listUnitsToBind"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/resident/directory/communities/{community_id}/buildings/{building_id}/units/{unit}/houses": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The houses of a unit, floor by floor (1201 = floor 12, room 1): pick yours, then bind */
        get: operations["listHousesToBind"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/resident/directory/places": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Browse regions down to communities (ROOT -> provinces -> ... -> communities), by name */
        get: operations["listPlaces"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/resident/household-applications": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** My household applications, newest first */
        get: operations["listMyHouseholdApplications"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/resident/households": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** My current households */
        get: operations["listMyHouseholds"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/resident/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The signed-in resident: masked phone and current households */
        get: operations["getResidentProfile"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/resident/phone": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Bind the resident's phone number from a getPhoneNumber code (stored encrypted) */
        post: operations["bindPhone"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/staff/communities/{community_id}/alarm-rules/{device_type}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The alarm rules of a device type in this community (catalogue defaults with the community's overrides) */
        get: operations["getAlarmRules"];
        /** Replace the community's overrides of a device type's alarm rules (disable, severity, value, duration, new thresholds) */
        put: operations["setAlarmRules"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/staff/communities/{community_id}/alarm-statistics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Alarm counts per type, day and building, with mean time to acknowledge and to resolve (default 30 days) */
        get: operations["getAlarmStatistics"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/staff/communities/{community_id}/alarms": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The community's alarms, newest first; filter by status, severity, type, building and time range */
        get: operations["listAlarms"];
        put?: never;
        /** Report an alarm seen on patrol (staff report); the same place and type again raises its count */
        post: operations["reportAlarm"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/staff/communities/{community_id}/alarms/{alarm_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One alarm with its timeline (who did what, when) and its linked commands */
        get: operations["getAlarm"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/staff/communities/{community_id}/alarms/{alarm_id}/acknowledge": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Acknowledge an alarm (stops its escalation); a second acknowledgement is 409 */
        post: operations["acknowledgeAlarm"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/staff/communities/{community_id}/alarms/{alarm_id}/assign": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Assign an alarm to a staff member of the community (null unassigns) */
        post: operations["assignAlarm"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/staff/communities/{community_id}/alarms/{alarm_id}/clear": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Clear an alarm with a reason; clearing a cleared alarm is 409 */
        post: operations["clearAlarm"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/staff/communities/{community_id}/alarms/{alarm_id}/comments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Add a comment to an alarm's timeline */
        post: operations["commentOnAlarm"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/staff/communities/{community_id}/arrears": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Unpaid bills per building (arrears) */
        get: operations["listArrears"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/staff/communities/{community_id}/billing-runs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Generate one fee item's bills for one period (idempotent: running it again creates nothing twice) */
        post: operations["runBilling"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/staff/communities/{community_id}/buildings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List buildings by code */
        get: operations["listBuildings"];
        put?: never;
        /** Register a building */
        post: operations["createBuilding"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/staff/communities/{community_id}/buildings/{building_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Read a building */
        get: operations["getBuilding"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/staff/communities/{community_id}/buildings/{building_id}/units": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List a building's units */
        get: operations["listUnits"];
        put?: never;
        /** Add a unit (单元) to a building */
        post: operations["addUnit"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/staff/communities/{community_id}/buildings/{building_id}/unlock-doors": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Unlock every door controller of a building (fire linkage, 001 6.2.1.5 e): set_mode fire_release */
        post: operations["unlockBuildingDoors"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/staff/communities/{community_id}/commands": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The community's command history, newest first */
        get: operations["listCommunityCommands"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/staff/communities/{community_id}/commands/broadcast": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Send one command to every device of a type and/or building that accepts it */
        post: operations["broadcastCommand"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/staff/communities/{community_id}/commands/{command_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One command with its status history */
        get: operations["getCommand"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/staff/communities/{community_id}/credentials": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A person's or a house's credentials */
        get: operations["listCredentials"];
        put?: never;
        /** Issue an access credential (a resident's only while they live in the house; a staff member's only for a staff account of this community) */
        post: operations["issueCredential"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/staff/communities/{community_id}/credentials/{credential_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One credential with its lifecycle history */
        get: operations["getCredential"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/staff/communities/{community_id}/credentials/{credential_id}/authorise": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Authorise for doors, areas and elevator floors (replaces the previous authorisation) */
        post: operations["authoriseCredential"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/staff/communities/{community_id}/credentials/{credential_id}/cancel-loss": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Cancel a loss report (the credential was found) */
        post: operations["cancelCredentialLoss"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/staff/communities/{community_id}/credentials/{credential_id}/deregister": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Deregister a credential for good (its card number can be issued again) */
        post: operations["deregisterCredential"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/staff/communities/{community_id}/credentials/{credential_id}/extend": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Extend a credential's validity */
        post: operations["extendCredential"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/staff/communities/{community_id}/credentials/{credential_id}/report-loss": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Report a credential lost (doors refuse it until the report is cancelled) */
        post: operations["reportCredentialLoss"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/staff/communities/{community_id}/devices": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List the community's devices (filter by type, status, building) */
        get: operations["listDevices"];
        put?: never;
        /** Register a device in the asset ledger */
        post: operations["createDevice"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/staff/communities/{community_id}/devices/{device_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One device's ledger entry */
        get: operations["getDevice"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Edit a ledger entry or move it through its lifecycle (optimistic locking on version)
         * @description `wx.request` has no PATCH: send `POST` with `X-HTTP-Method-Override: PATCH` to the same path.
         */
        patch: operations["updateDevice"];
        trace?: never;
    };
    "/v1/staff/communities/{community_id}/devices/{device_id}/certificate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Issue the device's X.509 certificate (the private key is returned once) */
        post: operations["issueCertificate"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/staff/communities/{community_id}/devices/{device_id}/certificate/revoke": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Revoke the device's certificate: it is disconnected and cannot reconnect */
        post: operations["revokeCertificate"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/staff/communities/{community_id}/devices/{device_id}/certificate/rotate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Replace the device's certificate; the old one stops working */
        post: operations["rotateCertificate"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/staff/communities/{community_id}/devices/{device_id}/certificates": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The device's certificates, newest first (never a private key) */
        get: operations["listCertificates"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/staff/communities/{community_id}/devices/{device_id}/commands": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One device's command history, newest first */
        get: operations["listDeviceCommands"];
        put?: never;
        /** Send a command to a device; it completes when the device acknowledges (or times out) */
        post: operations["sendCommand"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/staff/communities/{community_id}/devices/{device_id}/retire": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Retire a device: final; its certificate is revoked */
        post: operations["retireDevice"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/staff/communities/{community_id}/duty-roster": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The community's duty roster, and who is on duty now */
        get: operations["getDutyRoster"];
        put?: never;
        /** Put a staff member on duty for an area (a building or the whole community) on weekly shifts */
        post: operations["addShift"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/staff/communities/{community_id}/duty-roster/{shift_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Remove a shift from the duty roster */
        delete: operations["removeShift"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/staff/communities/{community_id}/entry-records": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Entry and exit records by gate, house, person/pass or day (newest first, optional time range) */
        get: operations["listEntryRecords"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/staff/communities/{community_id}/entry-records/statistics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Passages per day by direction, method and kind, and flagged offline entries */
        get: operations["getEntryStatistics"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/staff/communities/{community_id}/exports": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Export a spreadsheet (.xlsx, Chinese headers): ready at once with a 5-minute link, or (over 2,000 rows) built by a task: read it again until ready */
        post: operations["exportSpreadsheet"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/staff/communities/{community_id}/exports/houses-residents": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Export houses and current residents as .xlsx (masked unless full=true with people:reveal) */
        get: operations["exportRegistry"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/staff/communities/{community_id}/exports/{export_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** An export: its status, and a fresh 5-minute link once ready */
        get: operations["getExport"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/staff/communities/{community_id}/fee-items": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The community's fee items */
        get: operations["listFeeItems"];
        put?: never;
        /** Define (or redefine) a fee item: property fee by area, a fixed monthly charge (parking), metered utilities, one-off charges */
        post: operations["defineFeeItem"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/staff/communities/{community_id}/household-applications": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Household applications by status (oldest first) */
        get: operations["listHouseholdApplications"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/staff/communities/{community_id}/household-applications/{application_id}/approve": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Approve: the applicant becomes a bound resident of the house */
        post: operations["approveHouseholdApplication"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/staff/communities/{community_id}/household-applications/{application_id}/reject": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Reject with a reason the applicant sees */
        post: operations["rejectHouseholdApplication"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/staff/communities/{community_id}/houses": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List or search houses by standard address code prefix or building */
        get: operations["listHouses"];
        put?: never;
        /** Register a house */
        post: operations["createHouse"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/staff/communities/{community_id}/houses/{house_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Read a house */
        get: operations["getHouse"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Update a house (send the version you read)
         * @description `wx.request` has no PATCH: send `POST` with `X-HTTP-Method-Override: PATCH` to the same path.
         */
        patch: operations["updateHouse"];
        trace?: never;
    };
    "/v1/staff/communities/{community_id}/houses/{house_id}/members": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Current residents of a house, or its residency history */
        get: operations["listHouseMembers"];
        put?: never;
        /** Record that a registered person lives in a house */
        post: operations["addHouseMember"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/staff/communities/{community_id}/houses/{house_id}/members/{person_id}/move-out": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** End a residency; it stays in the house's history */
        post: operations["moveOutMember"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/staff/communities/{community_id}/imports": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Import houses and residents from an .xlsx workbook (strict: all or nothing) */
        post: operations["runImport"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/staff/communities/{community_id}/imports/template": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Download the .xlsx import template (houses and residents) */
        get: operations["getImportTemplate"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/staff/communities/{community_id}/income": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Income per fee item of one month (Beijing calendar), and refunds */
        get: operations["getIncome"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/staff/communities/{community_id}/ledger/{month}/publish": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Publish a month's income summary to residents (004 账目公示); publishing again refreshes it */
        post: operations["publishLedger"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/staff/communities/{community_id}/my-work-orders": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Work orders assigned to you: to do (done=false) or done */
        get: operations["listMyWorkOrders"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/staff/communities/{community_id}/notification-deliveries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Notification deliveries (queued, sent, failed with reason), newest first; `subject=alarm:<id>` filters */
        get: operations["listNotificationDeliveries"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/staff/communities/{community_id}/notification-templates": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Each message kind's WeChat and SMS templates in this community (its own, else the stage's) */
        get: operations["listNotificationTemplates"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/staff/communities/{community_id}/notification-templates/{kind}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Set this community's WeChat template (id and the field each key shows) and SMS template for a kind */
        put: operations["setNotificationTemplate"];
        post?: never;
        /** Go back to the stage's templates for a kind */
        delete: operations["resetNotificationTemplate"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/staff/communities/{community_id}/organisations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List or search organisations by name prefix */
        get: operations["listOrganisations"];
        put?: never;
        /** Register an organisation in the compound */
        post: operations["createOrganisation"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/staff/communities/{community_id}/organisations/{organisation_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Read an organisation */
        get: operations["getOrganisation"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Update an organisation (send the version you read)
         * @description `wx.request` has no PATCH: send `POST` with `X-HTTP-Method-Override: PATCH` to the same path.
         */
        patch: operations["updateOrganisation"];
        trace?: never;
    };
    "/v1/staff/communities/{community_id}/people": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List or search people by name prefix, phone or ID number (answers masked) */
        get: operations["listPeople"];
        put?: never;
        /** Register a person */
        post: operations["createPerson"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/staff/communities/{community_id}/people/{person_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Read a person (masked) */
        get: operations["getPerson"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Update a person (send the version you read)
         * @description `wx.request` has no PATCH: send `POST` with `X-HTTP-Method-Override: PATCH` to the same path.
         */
        patch: operations["updatePerson"];
        trace?: never;
    };
    "/v1/staff/communities/{community_id}/people/{person_id}/residences": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A person's current and past residences (001 7.1.1.4 d) */
        get: operations["listPersonResidences"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/staff/communities/{community_id}/people/{person_id}/reveal": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Full ID and phone numbers of a person (audited as person.reveal) */
        post: operations["revealPerson"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/staff/communities/{community_id}/reconciliations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Reconcile one day of this community now (the schedule does the whole merchant's yesterday every morning): its mismatches */
        post: operations["runReconciliation"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/staff/communities/{community_id}/reconciliations/{day}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** This community's reconciliation mismatches of one day */
        get: operations["getReconciliation"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/staff/communities/{community_id}/refunds": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Refunds, newest first */
        get: operations["listRefunds"];
        put?: never;
        /** Request a refund of a paid order (whole or partial); another manager approves it */
        post: operations["requestRefund"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/staff/communities/{community_id}/refunds/{refund_id}/approve": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Approve a refund (not the person who requested it): the refund goes to WeChat Pay */
        post: operations["approveRefund"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/staff/communities/{community_id}/refunds/{refund_id}/reject": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Reject a refund request */
        post: operations["rejectRefund"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/staff/communities/{community_id}/refunds/{refund_id}/sync": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Settle a refund still processing: ask WeChat Pay, and send it again if WeChat never received it */
        post: operations["syncRefund"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/staff/communities/{community_id}/vehicles": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List or search vehicles by plate prefix or owner */
        get: operations["listVehicles"];
        put?: never;
        /** Register a vehicle */
        post: operations["createVehicle"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/staff/communities/{community_id}/vehicles/{vehicle_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Read a vehicle */
        get: operations["getVehicle"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Update a vehicle (send the version you read)
         * @description `wx.request` has no PATCH: send `POST` with `X-HTTP-Method-Override: PATCH` to the same path.
         */
        patch: operations["updateVehicle"];
        trace?: never;
    };
    "/v1/staff/communities/{community_id}/visitor-passes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The community's visitor passes, newest first */
        get: operations["listCommunityPasses"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/staff/communities/{community_id}/visitor-passes/verify": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A guard's handheld scan at a gate of this community: verify and record the passage */
        post: operations["verifyPassByHand"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/staff/communities/{community_id}/visitor-passes/walk-in": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Register a walk-in visitor at the gate (identity document checked); the host confirms in the app */
        post: operations["registerWalkIn"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/staff/communities/{community_id}/visitor-passes/{pass_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One visitor pass */
        get: operations["getPass"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/staff/communities/{community_id}/visitor-passes/{pass_id}/approve": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Approve a pending invitation (communities that require approval) */
        post: operations["approvePass"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/staff/communities/{community_id}/visitor-passes/{pass_id}/reject": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Reject a pending invitation */
        post: operations["rejectPass"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/staff/communities/{community_id}/visitor-passes/{pass_id}/revoke": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Revoke a pass */
        post: operations["revokePass"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/staff/communities/{community_id}/visitor-policy": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The community's visitor policy (defaults until a manager sets one) */
        get: operations["getVisitorPolicy"];
        /** Set the visitor policy: approval on/off, longest window, most entries, free parking, approval timeout */
        put: operations["setVisitorPolicy"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/staff/communities/{community_id}/work-order-categories": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The community's category tree */
        get: operations["listCategoryTree"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/staff/communities/{community_id}/work-order-categories/{category_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Create or change a category (deadlines in minutes, the skill that handles it) */
        put: operations["setWorkOrderCategory"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/staff/communities/{community_id}/work-order-pool": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Unassigned work orders (new and accepted): the pool technicians grab from */
        get: operations["listWorkOrderPool"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/staff/communities/{community_id}/work-order-statistics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Counts, SLA compliance, mean time to accept and resolve, satisfaction per category and technician */
        get: operations["getWorkOrderStatistics"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/staff/communities/{community_id}/work-order-technicians/{account_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Set a technician's skills and whether they are on duty (round-robin dispatch uses both) */
        put: operations["setTechnicianSkills"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/staff/communities/{community_id}/work-orders": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The community's work orders by creation time (newest first), optionally within a time range */
        get: operations["listWorkOrders"];
        put?: never;
        /** Report a work order (e.g. found on patrol) for a house or a public area */
        post: operations["reportWorkOrderOnPatrol"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/staff/communities/{community_id}/work-orders/{ticket_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One work order */
        get: operations["getWorkOrder"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/staff/communities/{community_id}/work-orders/{ticket_id}/accept": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Accept a submitted work order (meets the response deadline) */
        post: operations["acceptWorkOrder"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/staff/communities/{community_id}/work-orders/{ticket_id}/assign": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Assign to a technician, or (no assignee) round-robin among on-duty technicians with the skill */
        post: operations["assignWorkOrder"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/staff/communities/{community_id}/work-orders/{ticket_id}/close": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Close a resolved work order (stops its SLA workflow) */
        post: operations["closeWorkOrder"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/staff/communities/{community_id}/work-orders/{ticket_id}/grab": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Take an accepted work order from the pool (of two at once, one wins; the other gets 409) */
        post: operations["grabWorkOrder"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/staff/communities/{community_id}/work-orders/{ticket_id}/photos": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Add a photo (after-photos while in progress): returns a presigned POST form */
        post: operations["addAfterPhoto"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/staff/communities/{community_id}/work-orders/{ticket_id}/resolve": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Resolve your work order (a repair needs at least one processed after-photo) */
        post: operations["resolveWorkOrder"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/staff/communities/{community_id}/work-orders/{ticket_id}/return-visit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Record the return visit (回访) of a resolved work order; complaints close only after one */
        post: operations["recordReturnVisit"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/staff/communities/{community_id}/work-orders/{ticket_id}/start": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Start work on your assigned work order */
        post: operations["startWorkOrder"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/staff/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The signed-in staff member or admin */
        get: operations["getStaffProfile"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/staff/password": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Change one's own password (required after an admin set it); ends every other session */
        post: operations["changePassword"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /** AcknowledgeRequest */
        AcknowledgeRequest: {
            /**
             * Note
             * @default null
             */
            note?: string | null;
        };
        /** AlarmAssignRequest */
        AlarmAssignRequest: {
            /**
             * Assignee
             * @description a staff account id, or null to unassign
             */
            assignee: string | null;
        };
        /** AlarmDetail */
        AlarmDetail: {
            /** Alarmid */
            alarmId: string;
            /** Communityid */
            communityId: string;
            /** Type */
            type: string;
            /** Severity */
            severity: string;
            /**
             * Status
             * @description ACTIVE_UNACK, ACTIVE_ACK, CLEARED_UNACK (latched) or CLEARED_ACK
             */
            status: string;
            /** Latched */
            latched: boolean;
            /** Originatorkind */
            originatorKind: string;
            /** Originatorid */
            originatorId: string;
            /**
             * Devicetype
             * @default null
             */
            deviceType?: string | null;
            /**
             * Building
             * @default null
             */
            building?: string | null;
            /**
             * Houseid
             * @default null
             */
            houseId?: string | null;
            /**
             * Area
             * @default null
             */
            area?: string | null;
            /** Title */
            title: string;
            /** Count */
            count: number;
            /** Createdat */
            createdAt: string;
            /** Lastseenat */
            lastSeenAt: string;
            /**
             * Acknowledgedat
             * @default null
             */
            acknowledgedAt?: string | null;
            /**
             * Acknowledgedby
             * @default null
             */
            acknowledgedBy?: string | null;
            /**
             * Clearedat
             * @default null
             */
            clearedAt?: string | null;
            /**
             * Clearedby
             * @default null
             */
            clearedBy?: string | null;
            /**
             * Clearreason
             * @default null
             */
            clearReason?: string | null;
            /**
             * Assignee
             * @default null
             */
            assignee?: string | null;
            /** Escalationlevel */
            escalationLevel: number;
            /**
             * Escalationround
             * @description 0 = the first escalation; +1 each time it started again
             * @default 0
             */
            escalationRound?: number;
            /**
             * Unanswered
             * @description An escalation ran out with nobody acknowledging at any level, and nobody has since
             * @default false
             */
            unanswered?: boolean;
            /**
             * Closedat
             * @default null
             */
            closedAt?: string | null;
            /** Expiresat */
            expiresAt: string;
            /** Timeline */
            timeline: components["schemas"]["TimelineView"][];
            /**
             * Linkedcommands
             * @description linked commands, current status
             */
            linkedCommands?: {
                [key: string]: unknown;
            }[];
        };
        /** AlarmPage */
        AlarmPage: {
            /**
             * Nextcursor
             * @description Pass back as `cursor` for the next page
             * @default null
             */
            nextCursor?: string | null;
            /** Items */
            items: components["schemas"]["AlarmView"][];
        };
        /** AlarmReportRequest */
        AlarmReportRequest: {
            /**
             * Requestid
             * @description client-made id; sending the same report again changes nothing
             */
            requestId: string;
            /**
             * Type
             * @description e.g. fire_lane_occupied, fence_damaged
             */
            type: string;
            /**
             * Severity
             * @enum {string}
             */
            severity: "critical" | "major" | "minor" | "warning" | "indeterminate";
            /**
             * Building
             * @description where; none = the community at large
             * @default null
             */
            building?: string | null;
            /**
             * Note
             * @default null
             */
            note?: string | null;
        };
        /** AlarmView */
        AlarmView: {
            /** Alarmid */
            alarmId: string;
            /** Communityid */
            communityId: string;
            /** Type */
            type: string;
            /** Severity */
            severity: string;
            /**
             * Status
             * @description ACTIVE_UNACK, ACTIVE_ACK, CLEARED_UNACK (latched) or CLEARED_ACK
             */
            status: string;
            /** Latched */
            latched: boolean;
            /** Originatorkind */
            originatorKind: string;
            /** Originatorid */
            originatorId: string;
            /**
             * Devicetype
             * @default null
             */
            deviceType?: string | null;
            /**
             * Building
             * @default null
             */
            building?: string | null;
            /**
             * Houseid
             * @default null
             */
            houseId?: string | null;
            /**
             * Area
             * @default null
             */
            area?: string | null;
            /** Title */
            title: string;
            /** Count */
            count: number;
            /** Createdat */
            createdAt: string;
            /** Lastseenat */
            lastSeenAt: string;
            /**
             * Acknowledgedat
             * @default null
             */
            acknowledgedAt?: string | null;
            /**
             * Acknowledgedby
             * @default null
             */
            acknowledgedBy?: string | null;
            /**
             * Clearedat
             * @default null
             */
            clearedAt?: string | null;
            /**
             * Clearedby
             * @default null
             */
            clearedBy?: string | null;
            /**
             * Clearreason
             * @default null
             */
            clearReason?: string | null;
            /**
             * Assignee
             * @default null
             */
            assignee?: string | null;
            /** Escalationlevel */
            escalationLevel: number;
            /**
             * Escalationround
             * @description 0 = the first escalation; +1 each time it started again
             * @default 0
             */
            escalationRound?: number;
            /**
             * Unanswered
             * @description An escalation ran out with nobody acknowledging at any level, and nobody has since
             * @default false
             */
            unanswered?: boolean;
            /**
             * Closedat
             * @default null
             */
            closedAt?: string | null;
            /** Expiresat */
            expiresAt: string;
        };
        /** ApplicationIn */
        ApplicationIn: {
            /**
             * Houseid
             * @default null
             */
            houseId?: string | null;
            /**
             * Addresscode
             * @description standard address code
             * @default null
             */
            addressCode?: string | null;
            /** Name */
            name: string;
            /** Phone */
            phone: string;
            /**
             * Idtype
             * @default resident_id_card
             * @enum {string}
             */
            idType?: "resident_id_card" | "passport" | "hk_macao_permit" | "taiwan_permit" | "foreign_permanent";
            /**
             * Idnumber
             * @default null
             */
            idNumber?: string | null;
            /**
             * Relation
             * @enum {string}
             */
            relation: "owner" | "family" | "tenant";
            /**
             * Relationtoowner
             * @default null
             */
            relationToOwner?: string | null;
            /**
             * Populationtype
             * @default permanent
             * @enum {string}
             */
            populationType?: "permanent" | "floating";
            /**
             * Note
             * @default null
             */
            note?: string | null;
        };
        /** ApplicationOut */
        ApplicationOut: {
            /** Applicationid */
            applicationId: string;
            /** Communityid */
            communityId: string;
            /** Houseid */
            houseId: string;
            /**
             * Addresscode
             * @default null
             */
            addressCode?: string | null;
            /** Name */
            name: string;
            /**
             * Phone
             * @description masked
             */
            phone: string;
            /**
             * Idnumber
             * @description masked
             * @default null
             */
            idNumber?: string | null;
            /** Relation */
            relation: string;
            /**
             * Relationtoowner
             * @default null
             */
            relationToOwner?: string | null;
            /**
             * Note
             * @default null
             */
            note?: string | null;
            /** Status */
            status: string;
            /**
             * Reason
             * @default null
             */
            reason?: string | null;
            /**
             * Decidedby
             * @default null
             */
            decidedBy?: string | null;
            /**
             * Decidedat
             * @default null
             */
            decidedAt?: string | null;
            /** Createdat */
            createdAt: string;
            /** Version */
            version: number;
        };
        /** ApplicationPage */
        ApplicationPage: {
            /**
             * Nextcursor
             * @description Pass back as `cursor` for the next page
             * @default null
             */
            nextCursor?: string | null;
            /** Items */
            items: components["schemas"]["ApplicationOut"][];
        };
        /** ArrearsBuilding */
        ArrearsBuilding: {
            /** Buildingid */
            buildingId: string;
            /** Houses */
            houses: number;
            /** Bills */
            bills: number;
            /** Unpaidfen */
            unpaidFen: number;
        };
        /** ArrearsView */
        ArrearsView: {
            /** Buildings */
            buildings: components["schemas"]["ArrearsBuilding"][];
            /** Unpaidfen */
            unpaidFen: number;
        };
        /** AssignRequest */
        AssignRequest: {
            /**
             * Assignee
             * @description A technician's account id; empty = round-robin by skill
             * @default null
             */
            assignee?: string | null;
        };
        /** AuditEntryView */
        AuditEntryView: {
            /** Id */
            id: string;
            /** At */
            at: string;
            /** Communityid */
            communityId: string | null;
            /** Operator */
            operator: string;
            /** Operatorkind */
            operatorKind: string;
            /** Operation */
            operation: string;
            /** Targettype */
            targetType: string;
            /** Targetid */
            targetId: string;
            /** Outcome */
            outcome: string;
            /** Sourceip */
            sourceIp: string;
            /** Requestid */
            requestId: string;
            /** Detail */
            detail: {
                [key: string]: unknown;
            };
        };
        /** AuditPage */
        AuditPage: {
            /**
             * Nextcursor
             * @description Pass back as `cursor` for the next page
             * @default null
             */
            nextCursor?: string | null;
            /** Items */
            items: components["schemas"]["AuditEntryView"][];
        };
        /** Authorisation */
        Authorisation: {
            /** Areas */
            areas?: string[];
            /** Doors */
            doors?: string[];
            /** Floors */
            floors?: string[];
        };
        /** BillList */
        BillList: {
            /** Items */
            items: components["schemas"]["BillView"][];
            /**
             * Unpaidfen
             * @description Sum of the unpaid bills listed (arrears of this house)
             */
            unpaidFen: number;
        };
        /** BillView */
        BillView: {
            /** Billid */
            billId: string;
            /** Houseid */
            houseId: string;
            /** Buildingid */
            buildingId: string;
            /** Feeitemid */
            feeItemId: string;
            /** Feename */
            feeName: string;
            /** Period */
            period: string;
            /** Amountfen */
            amountFen: number;
            /**
             * Status
             * @enum {string}
             */
            status: "unpaid" | "in_order" | "paid";
            /**
             * Orderid
             * @default null
             */
            orderId?: string | null;
            /**
             * Paidat
             * @default null
             */
            paidAt?: string | null;
            /** Detail */
            detail?: {
                [key: string]: unknown;
            };
        };
        /** BillingRunRequest */
        BillingRunRequest: {
            /** Feeitemid */
            feeItemId: string;
            /**
             * Period
             * @description 2026-11 | 2026-Q4 | 2026 | a one-off label
             */
            period: string;
            /**
             * Usage
             * @description Metered items: units per house id (entered by staff)
             */
            usage?: {
                [key: string]: string;
            };
        };
        /** BillingRunView */
        BillingRunView: {
            /** Created */
            created: number;
            /** Existing */
            existing: number;
            /** Totalfen */
            totalFen: number;
            /** Skipped */
            skipped: {
                [key: string]: string;
            }[];
        };
        /** BindIn */
        BindIn: {
            /**
             * Houseid
             * @default null
             */
            houseId?: string | null;
            /**
             * Addresscode
             * @description standard address code
             * @default null
             */
            addressCode?: string | null;
            /** Name */
            name: string;
            /**
             * Phone
             * @default null
             */
            phone?: string | null;
            /**
             * Idnumber
             * @default null
             */
            idNumber?: string | null;
        };
        /** BindingOut */
        BindingOut: {
            /** Communityid */
            communityId: string;
            /** Houseid */
            houseId: string;
            /** Relation */
            relation: string;
            /** Personid */
            personId: string;
            /**
             * Addresscode
             * @default null
             */
            addressCode?: string | null;
            /**
             * Housenumber
             * @default null
             */
            houseNumber?: string | null;
            /** Since */
            since: string;
            /**
             * Boundat
             * @default null
             */
            boundAt?: string | null;
            /** @description Use this access token from now on: it carries the new household (the refresh token stays valid and unchanged; the typed client adopts the token by itself) */
            session: components["schemas"]["FreshAccess"];
        };
        /** BroadcastRequest */
        BroadcastRequest: {
            /** Name */
            name: string;
            /** Params */
            params?: {
                [key: string]: unknown;
            };
            /**
             * Devicetype
             * @description Only devices of this type
             * @default null
             */
            deviceType?: string | null;
            /**
             * Building
             * @description Only devices in this building (registry id of one of the community's buildings)
             * @default null
             */
            building?: string | null;
            /**
             * Acktimeoutseconds
             * @default 30
             */
            ackTimeoutSeconds?: number;
        };
        /**
         * BuildingIn
         * @description Building, 001 7.1.1.3 b-c.
         */
        BuildingIn: {
            /**
             * Number
             * @description building number, 1-4 characters 0-9/A-Z
             */
            number: string;
            /**
             * Name
             * @default null
             */
            name?: string | null;
            /**
             * Compoundcode
             * @default null
             */
            compoundCode?: string | null;
            /**
             * Planposition
             * @default null
             */
            planPosition?: string | null;
            /**
             * Yearbuilt
             * @default null
             */
            yearBuilt?: number | null;
            /**
             * Status
             * @default in_use
             * @enum {string}
             */
            status?: "in_use" | "under_construction" | "vacant" | "demolished";
            /**
             * Servicelifeyears
             * @default null
             */
            serviceLifeYears?: number | null;
            /**
             * Mainuse
             * @default null
             */
            mainUse?: string | null;
            /**
             * Structuretype
             * @default null
             */
            structureType?: string | null;
            /**
             * Floors
             * @default null
             */
            floors?: number | null;
            /**
             * Heightmeters
             * @default null
             */
            heightMeters?: number | null;
            /**
             * Totalareasqm
             * @default null
             */
            totalAreaSqm?: number | null;
            /**
             * Doorplate
             * @description 门牌号
             * @default null
             */
            doorplate?: string | null;
            /**
             * Longitude
             * @default null
             */
            longitude?: number | null;
            /**
             * Latitude
             * @default null
             */
            latitude?: number | null;
            /**
             * Publicsecurityorgan
             * @default null
             */
            publicSecurityOrgan?: string | null;
            /**
             * Datasource
             * @default manual
             * @enum {string}
             */
            dataSource?: "manual" | "import" | "self_registration" | "grid_worker" | "department_exchange" | "device" | "partner";
        };
        /** BuildingOut */
        BuildingOut: {
            /**
             * Ingestedat
             * @description When the record entered the platform (001 7.1.1: 入库时间)
             */
            ingestedAt: string;
            /**
             * Datasource
             * @description Where it came from (001 7.1.1: 数据来源)
             */
            dataSource: string;
            /**
             * Updatedat
             * @default null
             */
            updatedAt?: string | null;
            /**
             * Version
             * @description Send back as `version` when updating (optimistic locking)
             */
            version: number;
            /** Buildingid */
            buildingId: string;
            /** Buildingcode */
            buildingCode: string;
            /** Number */
            number: string;
            /**
             * Name
             * @default null
             */
            name?: string | null;
            /**
             * Compoundcode
             * @default null
             */
            compoundCode?: string | null;
            /** Status */
            status: string;
            /**
             * Floors
             * @default null
             */
            floors?: number | null;
            /**
             * Details
             * @description the other 7.1.1.3 fields as entered
             */
            details?: {
                [key: string]: unknown;
            };
        };
        /** BuildingPage */
        BuildingPage: {
            /**
             * Nextcursor
             * @description Pass back as `cursor` for the next page
             * @default null
             */
            nextCursor?: string | null;
            /** Items */
            items: components["schemas"]["BuildingOut"][];
        };
        /** CategoryList */
        CategoryList: {
            /** Items */
            items: components["schemas"]["CategoryView"][];
        };
        /** CategoryRequest */
        CategoryRequest: {
            /** Name */
            name: string;
            /** Kind */
            kind: string;
            /**
             * Parentid
             * @default null
             */
            parentId?: string | null;
            /** Responseminutes */
            responseMinutes: number;
            /** Resolutionminutes */
            resolutionMinutes: number;
            /** Skill */
            skill: string;
        };
        /** CategoryView */
        CategoryView: {
            /** Categoryid */
            categoryId: string;
            /** Name */
            name: string;
            /** Kind */
            kind: string;
            /** Parentid */
            parentId: string | null;
            /** Responseminutes */
            responseMinutes: number;
            /** Resolutionminutes */
            resolutionMinutes: number;
            /** Skill */
            skill: string;
        };
        /** CertificateList */
        CertificateList: {
            /** Items */
            items: components["schemas"]["CertificateView"][];
        };
        /** CertificateView */
        CertificateView: {
            /** Certificateid */
            certificateId: string;
            /** Certificatearn */
            certificateArn: string;
            /** Serial */
            serial: string;
            /**
             * Status
             * @description ACTIVE, INACTIVE (rotated out) or REVOKED
             */
            status: string;
            /** Issuedat */
            issuedAt: string;
            /** Issuedby */
            issuedBy: string;
            /**
             * Notafter
             * @default null
             */
            notAfter?: string | null;
            /**
             * Changedat
             * @default null
             */
            changedAt?: string | null;
            /**
             * Reason
             * @default null
             */
            reason?: string | null;
        };
        /** ClearRequest */
        ClearRequest: {
            /** Reason */
            reason: string;
        };
        /** CommandPage */
        CommandPage: {
            /**
             * Nextcursor
             * @description Pass back as `cursor` for the next page
             * @default null
             */
            nextCursor?: string | null;
            /** Items */
            items: components["schemas"]["CommandView"][];
        };
        /** CommandRequest */
        CommandRequest: {
            /**
             * Name
             * @description A command of the device's catalogue type
             * @example open_door
             */
            name: string;
            /**
             * Params
             * @example {
             *       "durationS": 5
             *     }
             */
            params?: {
                [key: string]: unknown;
            };
            /**
             * Delayseconds
             * @description Send later (scheduled command)
             * @default 0
             */
            delaySeconds?: number;
            /**
             * Acktimeoutseconds
             * @description Time the device has to acknowledge
             * @default 30
             */
            ackTimeoutSeconds?: number;
        };
        /** CommandView */
        CommandView: {
            /** Commandid */
            commandId: string;
            /** Deviceid */
            deviceId: string;
            /** Name */
            name: string;
            /** Params */
            params: {
                [key: string]: unknown;
            };
            /**
             * Status
             * @description pending, sent, done, rejected, failed or timed_out
             */
            status: string;
            /** Requestedby */
            requestedBy: string;
            /** Createdat */
            createdAt: string;
            /**
             * Updatedat
             * @default null
             */
            updatedAt?: string | null;
            /**
             * Ackstatus
             * @description The device's answer that settled the command (its first)
             * @default null
             */
            ackStatus?: string | null;
            /**
             * Ackdetail
             * @default null
             */
            ackDetail?: string | null;
            /**
             * History
             * @description Timeline: {status, at} per transition; {status: ack_ignored, at, ackStatus, ackDetail} per ack that came after the command was settled (or before it was sent), kept but not acted on
             */
            history?: {
                [key: string]: string;
            }[];
        };
        /** CommentRequest */
        CommentRequest: {
            /** Text */
            text: string;
        };
        /** Counts */
        Counts: {
            /** Received */
            received: number;
            /** Valid */
            valid: number;
            /** Imported */
            imported: number;
        };
        /** CredentialHistory */
        CredentialHistory: {
            /** Operation */
            operation: string;
            /** At */
            at: string;
            /** By */
            by: string;
        };
        /** CredentialIssue */
        CredentialIssue: {
            /**
             * Holderkind
             * @enum {string}
             */
            holderKind: "resident" | "staff";
            /**
             * Holderid
             * @description The person id (resident) or staff account id
             */
            holderId: string;
            /**
             * Houseid
             * @description Required for residents
             * @default null
             */
            houseId?: string | null;
            /**
             * Kind
             * @enum {string}
             */
            kind: "card" | "qr" | "face" | "app";
            /**
             * Reference
             * @description Card number, QR/app id, or the face library's template reference
             */
            reference: string;
            /**
             * Validuntil
             * Format: date-time
             */
            validUntil: string;
            /**
             * Areas
             * @description Building ids and/or `shared`
             */
            areas?: string[];
            /** Doors */
            doors?: string[];
            /**
             * Floors
             * @description Default: own floor + public
             * @default null
             */
            floors?: string[] | null;
            /**
             * Securitystaff
             * @description Staff: reaches every floor (004 6.1.1 e)
             * @default false
             */
            securityStaff?: boolean;
        };
        /** CredentialList */
        CredentialList: {
            /** Items */
            items: components["schemas"]["CredentialView"][];
        };
        /** CredentialView */
        CredentialView: {
            /** Credentialid */
            credentialId: string;
            /** Holderkind */
            holderKind: string;
            /** Holderid */
            holderId: string;
            /**
             * Houseid
             * @default null
             */
            houseId?: string | null;
            /** Kind */
            kind: string;
            /** Reference */
            reference: string;
            /** Status */
            status: string;
            /** Validuntil */
            validUntil: string;
            /** Areas */
            areas: string[];
            /** Doors */
            doors: string[];
            /** Floors */
            floors: string[];
            /** Issuedat */
            issuedAt: string;
            /** Issuedby */
            issuedBy: string;
            /**
             * Updatedat
             * @default null
             */
            updatedAt?: string | null;
            /** History */
            history: components["schemas"]["CredentialHistory"][];
        };
        /** DayStats */
        DayStats: {
            /** Day */
            day: string;
            /**
             * Counts
             * @description `{direction}#{method}#{kind}` and `flag#{flag}` -> count
             */
            counts: {
                [key: string]: number;
            };
        };
        /** DecisionIn */
        DecisionIn: {
            /**
             * Version
             * @description the version you read (409 when stale)
             * @default null
             */
            version?: number | null;
            /**
             * Reason
             * @description required to reject
             * @default null
             */
            reason?: string | null;
        };
        /** DecisionRequest */
        DecisionRequest: {
            /**
             * Note
             * @default null
             */
            note?: string | null;
        };
        /** DeliveryPage */
        DeliveryPage: {
            /**
             * Nextcursor
             * @description Pass back as `cursor` for the next page
             * @default null
             */
            nextCursor?: string | null;
            /** Items */
            items: components["schemas"]["DeliveryView"][];
        };
        /** DeliveryView */
        DeliveryView: {
            /** Deliveryid */
            deliveryId: string;
            /** Subject */
            subject: string;
            /** Key */
            key: string;
            /** Channel */
            channel: string;
            /** Address */
            address: string;
            /** Role */
            role: string;
            /** Status */
            status: string;
            /** Attempts */
            attempts: number;
            /**
             * Providerid
             * @default null
             */
            providerId?: string | null;
            /**
             * Reason
             * @default null
             */
            reason?: string | null;
            /** Createdat */
            createdAt: string;
            /** Updatedat */
            updatedAt: string;
        };
        /** DependencyCheck */
        DependencyCheck: {
            /** Ok */
            ok: boolean;
            /** Latencyms */
            latencyMs: number;
            /**
             * Detail
             * @default null
             */
            detail?: string | null;
        };
        /** DeviceCreate */
        DeviceCreate: {
            /**
             * Devicetype
             * @description A catalogue device type (iot/device_types)
             * @example door_controller
             */
            deviceType: string;
            /**
             * Name
             * @example Building 3 unit 1 door
             */
            name: string;
            location: components["schemas"]["DeviceLocation"];
            /**
             * Serialnumber
             * @description Manufacturer serial (fleet provisioning key)
             * @default null
             */
            serialNumber?: string | null;
            /**
             * Owner
             * @description Who owns the asset (ownership right, 001 10.2.1 b)
             * @default null
             */
            owner?: string | null;
            /**
             * User
             * @description Who uses it (usage right)
             * @default null
             */
            user?: string | null;
            /**
             * Maintainer
             * @description Who maintains it (maintenance right)
             * @default null
             */
            maintainer?: string | null;
            /**
             * Manufacturer
             * @default null
             */
            manufacturer?: string | null;
            /**
             * Model
             * @default null
             */
            model?: string | null;
            /**
             * Firmware
             * @default null
             */
            firmware?: string | null;
            /**
             * Installedon
             * @default null
             */
            installedOn?: string | null;
            /**
             * Lastmaintainedon
             * @default null
             */
            lastMaintainedOn?: string | null;
            /**
             * Nextmaintenanceon
             * @default null
             */
            nextMaintenanceOn?: string | null;
            /** Tags */
            tags?: string[];
            /**
             * Datasource
             * @description manual, import, device, department_exchange, ...
             * @default manual
             */
            dataSource?: string;
        };
        /** DeviceLocation */
        DeviceLocation: {
            /**
             * Building
             * @description Registry id of one of the community's buildings (GET .../buildings); any other value is 400
             * @default null
             * @example b025ee76c5ffe2589
             */
            building?: string | null;
            /**
             * Unit
             * @description Unit (entrance) of the building
             * @default null
             * @example U1
             */
            unit?: string | null;
            /**
             * Floor
             * @default null
             */
            floor?: number | null;
            /**
             * Room
             * @default null
             */
            room?: string | null;
            /**
             * Latitude
             * @default null
             */
            latitude?: number | null;
            /**
             * Longitude
             * @default null
             */
            longitude?: number | null;
            /**
             * Area
             * @description A named place at community level, for devices outside buildings
             * @default null
             * @example north gate
             */
            area?: string | null;
        };
        /** DevicePage */
        DevicePage: {
            /**
             * Nextcursor
             * @description Pass back as `cursor` for the next page
             * @default null
             */
            nextCursor?: string | null;
            /** Items */
            items: components["schemas"]["DeviceView"][];
        };
        /** DeviceUpdate */
        DeviceUpdate: {
            /**
             * Version
             * @description The version you read; a stale one is refused with 409 STALE_VERSION
             */
            version: number;
            /** Name */
            name?: string;
            location?: components["schemas"]["DeviceLocation"];
            /**
             * Serialnumber
             * @default null
             */
            serialNumber?: string | null;
            /**
             * Owner
             * @default null
             */
            owner?: string | null;
            /**
             * User
             * @default null
             */
            user?: string | null;
            /**
             * Maintainer
             * @default null
             */
            maintainer?: string | null;
            /**
             * Manufacturer
             * @default null
             */
            manufacturer?: string | null;
            /**
             * Model
             * @default null
             */
            model?: string | null;
            /**
             * Firmware
             * @default null
             */
            firmware?: string | null;
            /**
             * Installedon
             * @default null
             */
            installedOn?: string | null;
            /**
             * Lastmaintainedon
             * @default null
             */
            lastMaintainedOn?: string | null;
            /**
             * Nextmaintenanceon
             * @default null
             */
            nextMaintenanceOn?: string | null;
            /**
             * Tags
             * @default null
             */
            tags?: string[] | null;
            /**
             * Status
             * @description Lifecycle move (retire with the retire route)
             */
            status?: string;
            /**
             * Statusnote
             * @default null
             */
            statusNote?: string | null;
        };
        /** DeviceView */
        DeviceView: {
            /**
             * Deviceid
             * @description Unified asset id = IoT thing name = MQTT identity
             */
            deviceId: string;
            /** Communityid */
            communityId: string;
            /** Devicetype */
            deviceType: string;
            /** Name */
            name: string;
            /** Status */
            status: string;
            /** Location */
            location: {
                [key: string]: unknown;
            };
            /**
             * Serialnumber
             * @default null
             */
            serialNumber?: string | null;
            /**
             * Owner
             * @default null
             */
            owner?: string | null;
            /**
             * User
             * @default null
             */
            user?: string | null;
            /**
             * Maintainer
             * @default null
             */
            maintainer?: string | null;
            /**
             * Manufacturer
             * @default null
             */
            manufacturer?: string | null;
            /**
             * Model
             * @default null
             */
            model?: string | null;
            /**
             * Firmware
             * @default null
             */
            firmware?: string | null;
            /**
             * Installedon
             * @default null
             */
            installedOn?: string | null;
            /**
             * Lastmaintainedon
             * @default null
             */
            lastMaintainedOn?: string | null;
            /**
             * Nextmaintenanceon
             * @default null
             */
            nextMaintenanceOn?: string | null;
            /**
             * Certificateid
             * @default null
             */
            certificateId?: string | null;
            /** Tags */
            tags?: string[];
            /** Lifecycle */
            lifecycle?: components["schemas"]["LifecycleView"][];
            /**
             * Ingestedat
             * @default null
             */
            ingestedAt?: string | null;
            /**
             * Updatedat
             * @default null
             */
            updatedAt?: string | null;
            /** Datasource */
            dataSource: string;
            /**
             * Version
             * @default null
             */
            version?: number | null;
            /**
             * State
             * @description Latest state (online, lastSeen, latest telemetry, last event); only on the single-device read
             * @default null
             */
            state?: {
                [key: string]: unknown;
            } | null;
        };
        /** DirectoryBuilding */
        DirectoryBuilding: {
            /** Buildingid */
            buildingId: string;
            /**
             * Label
             * @example 3栋
             */
            label: string;
            /**
             * Name
             * @default null
             */
            name?: string | null;
        };
        /** DirectoryBuildingPage */
        DirectoryBuildingPage: {
            /**
             * Nextcursor
             * @description Pass back as `cursor` for the next page
             * @default null
             */
            nextCursor?: string | null;
            /** Items */
            items: components["schemas"]["DirectoryBuilding"][];
        };
        /** DirectoryHouse */
        DirectoryHouse: {
            /**
             * Houseid
             * @description bind with this id (bindHouse)
             */
            houseId: string;
            /**
             * Label
             * @example 3栋2单元1201
             */
            label: string;
            /**
             * Room
             * @example 1201
             */
            room: string;
            /** Floor */
            floor: number;
            /**
             * Housenumber
             * @default null
             */
            houseNumber?: string | null;
        };
        /** DirectoryHousePage */
        DirectoryHousePage: {
            /**
             * Nextcursor
             * @description Pass back as `cursor` for the next page
             * @default null
             */
            nextCursor?: string | null;
            /** Items */
            items: components["schemas"]["DirectoryHouse"][];
        };
        /** DirectoryUnit */
        DirectoryUnit: {
            /** Unit */
            unit: number;
            /**
             * Label
             * @example 2单元
             */
            label: string;
        };
        /** DirectoryUnitList */
        DirectoryUnitList: {
            /** Items */
            items: components["schemas"]["DirectoryUnit"][];
        };
        /** DoorCommandView */
        DoorCommandView: {
            /** Commandid */
            commandId: string;
            /** Deviceid */
            deviceId: string;
            /**
             * Status
             * @description pending, sent, done, rejected, failed or timed_out
             */
            status: string;
            /**
             * Ackdetail
             * @default null
             */
            ackDetail?: string | null;
            /** Createdat */
            createdAt: string;
            /**
             * Updatedat
             * @default null
             */
            updatedAt?: string | null;
        };
        /** DoorList */
        DoorList: {
            /** Items */
            items: components["schemas"]["DoorView"][];
        };
        /** DoorView */
        DoorView: {
            /** Deviceid */
            deviceId: string;
            /**
             * Building
             * @description None for a shared door of the community
             * @default null
             */
            building?: string | null;
        };
        /** EmergencyContactIn */
        EmergencyContactIn: {
            /** Name */
            name: string;
            /** Phone */
            phone: string;
            /**
             * Relation
             * @default null
             */
            relation?: string | null;
        };
        /** EmergencyContactOut */
        EmergencyContactOut: {
            /** Name */
            name: string;
            /**
             * Phone
             * @description masked unless revealed
             */
            phone: string;
            /**
             * Relation
             * @default null
             */
            relation?: string | null;
        };
        /** EntryPage */
        EntryPage: {
            /**
             * Nextcursor
             * @description Pass back as `cursor` for the next page
             * @default null
             */
            nextCursor?: string | null;
            /** Items */
            items: components["schemas"]["EntryView"][];
        };
        /** EntryView */
        EntryView: {
            /** Entryid */
            entryId: string;
            /** Gateid */
            gateId: string;
            /** Direction */
            direction: string;
            /** Method */
            method: string;
            /** Subjectkind */
            subjectKind: string;
            /** Subjectid */
            subjectId: string;
            /**
             * Houseid
             * @default null
             */
            houseId?: string | null;
            /** At */
            at: string;
            /** Offline */
            offline: boolean;
            /**
             * Flag
             * @default null
             */
            flag?: string | null;
            /**
             * Carplate
             * @default null
             */
            carPlate?: string | null;
            /**
             * Freeparkinguntil
             * @default null
             */
            freeParkingUntil?: string | null;
        };
        /** ErrorBody */
        ErrorBody: {
            error: components["schemas"]["ErrorInfo"];
        };
        /** ErrorDetail */
        ErrorDetail: {
            /**
             * Field
             * @description Dotted path of the offending field, if any
             * @default null
             */
            field?: string | null;
            /**
             * Code
             * @description Machine-readable problem, e.g. `missing`, `extra_forbidden`, `too_long`
             */
            code: string;
            /** Message */
            message: string;
        } & {
            [key: string]: unknown;
        };
        /** ErrorInfo */
        ErrorInfo: {
            /**
             * Code
             * @description Machine-readable error code (UPPER_SNAKE)
             */
            code: string;
            /** Message */
            message: string;
            /** Requestid */
            requestId: string;
            /** Details */
            details?: components["schemas"]["ErrorDetail"][];
        };
        /** ExportRequest */
        ExportRequest: {
            /**
             * Kind
             * @description arrears (欠费清单, per house), bills (a period's bills: `period`), income (a month's payments: `month`), work_orders (with SLA), alarms (with handling), entries (entry records): the last three `since` and `until`
             * @enum {string}
             */
            kind: "arrears" | "bills" | "income" | "work_orders" | "alarms" | "entries";
            /**
             * Period
             * @default null
             * @example 2026-11
             */
            period?: string | null;
            /**
             * Month
             * @default null
             * @example 2026-11
             */
            month?: string | null;
            /**
             * Since
             * @default null
             */
            since?: string | null;
            /**
             * Until
             * @default null
             */
            until?: string | null;
        };
        /** ExportView */
        ExportView: {
            /** Exportid */
            exportId: string;
            /** Kind */
            kind: string;
            /**
             * Status
             * @description ready: `url` downloads the .xlsx; building: a large export, ask again in a few seconds
             * @enum {string}
             */
            status: "building" | "ready" | "failed";
            /**
             * Rows
             * @default null
             */
            rows?: number | null;
            /** Filename */
            fileName: string;
            /**
             * Url
             * @description a presigned GET, valid for `expiresInSeconds`
             * @default null
             */
            url?: string | null;
            /**
             * Expiresinseconds
             * @default null
             */
            expiresInSeconds?: number | null;
            /** Createdat */
            createdAt: string;
            /**
             * Finishedat
             * @default null
             */
            finishedAt?: string | null;
        };
        /** Extension */
        Extension: {
            /**
             * Validuntil
             * Format: date-time
             */
            validUntil: string;
        };
        /** FanOutView */
        FanOutView: {
            /** Commandids */
            commandIds: string[];
            /** Skipped */
            skipped?: components["schemas"]["SkippedDevice"][];
        };
        /** FeeItemList */
        FeeItemList: {
            /** Items */
            items: components["schemas"]["FeeItemView"][];
        };
        /** FeeItemRequest */
        FeeItemRequest: {
            /** Feeitemid */
            feeItemId: string;
            /** Name */
            name: string;
            /**
             * Kind
             * @enum {string}
             */
            kind: "area" | "fixed" | "metered";
            /**
             * Unitpricefen
             * @description per m2 per month (area), per house per month (fixed), per unit (metered)
             */
            unitPriceFen: number;
            /**
             * Period
             * @enum {string}
             */
            period: "monthly" | "quarterly" | "yearly" | "once";
            /**
             * Houseids
             * @description Empty: every house
             */
            houseIds?: string[];
        };
        /** FeeItemView */
        FeeItemView: {
            /** Feeitemid */
            feeItemId: string;
            /** Name */
            name: string;
            /** Kind */
            kind: string;
            /** Unitpricefen */
            unitPriceFen: number;
            /** Period */
            period: string;
            /** Houseids */
            houseIds: string[];
            /** Active */
            active: boolean;
        };
        /** FieldOut */
        FieldOut: {
            /** Name */
            name: string;
            /**
             * Shownas
             * @description The WeChat key types that may show it (a key's name starts with one)
             */
            shownAs: string[];
        };
        /** FileOut */
        FileOut: {
            /** Filename */
            fileName: string;
            /** Contenttype */
            contentType: string;
            /**
             * Url
             * @description a presigned GET that downloads the file, valid for `expiresInSeconds`
             */
            url: string;
            /** Expiresinseconds */
            expiresInSeconds: number;
            /**
             * Houses
             * @default 0
             */
            houses?: number;
            /**
             * Residents
             * @default 0
             */
            residents?: number;
        };
        /**
         * FreshAccess
         * @description An access token issued with the answer, already carrying what the call changed (a bound household).
         */
        FreshAccess: {
            /** Accesstoken */
            accessToken: string;
            /**
             * Tokentype
             * @default Bearer
             */
            tokenType?: string;
            /**
             * Expiresin
             * @description Seconds until the access token expires
             */
            expiresIn: number;
            /** Roles */
            roles: string[];
            /** Communities */
            communities: string[];
            /** Households */
            households: string[];
        };
        /** GateSessionRequest */
        GateSessionRequest: {
            /** Communityid */
            communityId: string;
            /** Deviceid */
            deviceId: string;
            /**
             * Signedat
             * @description UTC ISO-8601, exactly as signed
             */
            signedAt: string;
            /**
             * Nonce
             * @description Fresh for every sign-in (at least 12 random bytes, base64url): a signed sign-in is accepted once
             */
            nonce: string;
            /**
             * Signature
             * @description base64 signature of `gate-session\n{communityId}\n{deviceId}\n{signedAt}\n{nonce}` with the key of the gate's device certificate (ECDSA P-256/SHA-256, RSA PKCS#1 v1.5/SHA-256 or Ed25519)
             */
            signature: string;
        };
        /** GateSessionView */
        GateSessionView: {
            /** Accesstoken */
            accessToken: string;
            /** Expiresin */
            expiresIn: number;
            /** Deviceid */
            deviceId: string;
            /** Communityid */
            communityId: string;
        };
        /** GateVerifyRequest */
        GateVerifyRequest: {
            /**
             * Token
             * @description A scanned QR pass
             * @default null
             */
            token?: string | null;
            /**
             * Plate
             * @description A licence plate a barrier gate recognised
             * @default null
             */
            plate?: string | null;
            /**
             * Passcode
             * @description A keypad code (10 digits: slot + code); give exactly one of token, passcode, plate
             * @default null
             */
            passcode?: string | null;
            /**
             * Direction
             * @default in
             * @enum {string}
             */
            direction?: "in" | "out";
        };
        /** HealthChecks */
        HealthChecks: {
            dynamodb: components["schemas"]["DependencyCheck"];
        };
        /** HealthResponse */
        HealthResponse: {
            /**
             * Status
             * @description `ok` or `degraded`
             */
            status: string;
            /** Version */
            version: string;
            /** Stage */
            stage: string;
            checks: components["schemas"]["HealthChecks"];
        };
        /**
         * HouseIn
         * @description House, 001 7.1.1.4 b. The standard address code is derived from building/unit/floor/room.
         */
        HouseIn: {
            /** Buildingid */
            buildingId: string;
            /** Unit */
            unit: number;
            /** Floor */
            floor: number;
            /** Room */
            room: number;
            /**
             * Addresscode
             * @description optional; when sent it must match the derived code
             * @default null
             */
            addressCode?: string | null;
            /**
             * Housenumber
             * @description as written on the door, e.g. 3-1-1202
             * @default null
             */
            houseNumber?: string | null;
            /**
             * Areasqm
             * @default null
             */
            areaSqm?: number | null;
            /**
             * Use
             * @default residential
             * @enum {string}
             */
            use?: "residential" | "commercial" | "office" | "other";
            /**
             * Occupancy
             * @default unknown
             * @enum {string}
             */
            occupancy?: "self_occupied" | "rented" | "vacant" | "unknown";
            /**
             * Policestation
             * @default null
             */
            policeStation?: string | null;
            /**
             * Publicsecuritybureau
             * @default null
             */
            publicSecurityBureau?: string | null;
            /**
             * Longitude
             * @default null
             */
            longitude?: number | null;
            /**
             * Latitude
             * @default null
             */
            latitude?: number | null;
            /**
             * Datasource
             * @default manual
             * @enum {string}
             */
            dataSource?: "manual" | "import" | "self_registration" | "grid_worker" | "department_exchange" | "device" | "partner";
        };
        /**
         * HouseOut
         * @description House, 001 7.1.1.4 b, with its standard address code (8.2.1.1.3 a).
         */
        HouseOut: {
            /**
             * Ingestedat
             * @description When the record entered the platform (001 7.1.1: 入库时间)
             */
            ingestedAt: string;
            /**
             * Datasource
             * @description Where it came from (001 7.1.1: 数据来源)
             */
            dataSource: string;
            /**
             * Updatedat
             * @default null
             */
            updatedAt?: string | null;
            /**
             * Version
             * @description Send back as `version` when updating (optimistic locking)
             */
            version: number;
            /** Houseid */
            houseId: string;
            /** Addresscode */
            addressCode: string;
            /** Buildingid */
            buildingId: string;
            /** Buildingcode */
            buildingCode: string;
            /**
             * Buildingname
             * @default null
             */
            buildingName?: string | null;
            /** Unit */
            unit: number;
            /** Floor */
            floor: number;
            /** Room */
            room: number;
            /**
             * Housenumber
             * @default null
             */
            houseNumber?: string | null;
            /**
             * Areasqm
             * @default null
             */
            areaSqm?: number | null;
            /**
             * Use
             * @default null
             */
            use?: string | null;
            /**
             * Occupancy
             * @default unknown
             */
            occupancy?: string;
            /**
             * Rental
             * @default false
             */
            rental?: boolean;
            /**
             * Policestation
             * @default null
             */
            policeStation?: string | null;
            /**
             * Publicsecuritybureau
             * @default null
             */
            publicSecurityBureau?: string | null;
            /**
             * Longitude
             * @default null
             */
            longitude?: number | null;
            /**
             * Latitude
             * @default null
             */
            latitude?: number | null;
            /** Districtcode */
            districtCode: string;
            /** Streetcode */
            streetCode: string;
            /** Communitycode */
            communityCode: string;
            /**
             * Compoundcode
             * @default null
             */
            compoundCode?: string | null;
        };
        /** HousePage */
        HousePage: {
            /**
             * Nextcursor
             * @description Pass back as `cursor` for the next page
             * @default null
             */
            nextCursor?: string | null;
            /** Items */
            items: components["schemas"]["HouseOut"][];
        };
        /** HouseUpdate */
        HouseUpdate: {
            /**
             * Version
             * @description the version you read (409 when stale)
             */
            version: number;
            /**
             * Housenumber
             * @default null
             */
            houseNumber?: string | null;
            /**
             * Areasqm
             * @default null
             */
            areaSqm?: number | null;
            /**
             * Use
             * @enum {string}
             */
            use?: "residential" | "commercial" | "office" | "other";
            /**
             * Occupancy
             * @enum {string}
             */
            occupancy?: "self_occupied" | "rented" | "vacant" | "unknown";
            /**
             * Policestation
             * @default null
             */
            policeStation?: string | null;
            /**
             * Publicsecuritybureau
             * @default null
             */
            publicSecurityBureau?: string | null;
            /**
             * Longitude
             * @default null
             */
            longitude?: number | null;
            /**
             * Latitude
             * @default null
             */
            latitude?: number | null;
        };
        /** ImportReport */
        ImportReport: {
            /** Importid */
            importId: string;
            /** Mode */
            mode: string;
            /** Dryrun */
            dryRun: boolean;
            /** Committed */
            committed: boolean;
            houses: components["schemas"]["Counts"];
            residents: components["schemas"]["Counts"];
            /** Errors */
            errors: components["schemas"]["RowErrorOut"][];
        };
        /** InviteIn */
        InviteIn: {
            /** Name */
            name: string;
            /**
             * Phone
             * @description the invitee binds with this phone and name
             */
            phone: string;
            /**
             * Idtype
             * @default resident_id_card
             * @enum {string}
             */
            idType?: "resident_id_card" | "passport" | "hk_macao_permit" | "taiwan_permit" | "foreign_permanent";
            /**
             * Idnumber
             * @default null
             */
            idNumber?: string | null;
            /**
             * Relation
             * @enum {string}
             */
            relation: "family" | "tenant";
            /**
             * Relationtoowner
             * @default null
             */
            relationToOwner?: string | null;
            /**
             * Populationtype
             * @default permanent
             * @enum {string}
             */
            populationType?: "permanent" | "floating";
            /**
             * Datasource
             * @default self_registration
             * @enum {string}
             */
            dataSource?: "manual" | "import" | "self_registration" | "grid_worker" | "department_exchange" | "device" | "partner";
        };
        /** InviteRequest */
        InviteRequest: {
            /** Visitorname */
            visitorName: string;
            /**
             * Visitorphone
             * @description Mainland mobile number; stored encrypted, answered masked
             */
            visitorPhone: string;
            /** Reason */
            reason: string;
            /**
             * Startsat
             * Format: date-time
             * @description UTC ISO-8601; at most 5 minutes in the past
             */
            startsAt: string;
            /**
             * Endsat
             * Format: date-time
             * @description After startsAt; the window is at most the policy's maxWindowHours
             */
            endsAt: string;
            /**
             * Entries
             * @description How many entries; 1 = single use
             * @default 1
             */
            entries?: number;
            /**
             * Gates
             * @description Allowed gates; empty = every gate
             */
            gates?: string[];
            /**
             * Carplate
             * @default null
             */
            carPlate?: string | null;
        };
        /** IssuedCertificateView */
        IssuedCertificateView: {
            /** Thingname */
            thingName: string;
            /** Certificateid */
            certificateId: string;
            /** Certificatearn */
            certificateArn: string;
            /** Serial */
            serial: string;
            /**
             * Notafter
             * @default null
             */
            notAfter?: string | null;
            /** Certificatepem */
            certificatePem: string;
            /**
             * Privatekeypem
             * @description Shown once: it is not stored and cannot be fetched again
             */
            privateKeyPem: string;
        };
        /** KeypadLimit */
        KeypadLimit: {
            /**
             * Scope
             * @description gate (the gate's keypad) or slot (one pass's code)
             */
            scope: string;
            /**
             * Attempts
             * @description Wrong codes a window allows; then LOCKED_OUT (gate) or INVALID_PASSCODE (slot)
             */
            attempts: number;
            /** Windowseconds */
            windowSeconds: number;
        };
        /** KeypadPass */
        KeypadPass: {
            /**
             * Slot
             * @description The passcode's first 4 digits
             */
            slot: string;
            /** Passid */
            passId: string;
            /**
             * Passcodekey
             * @description base64url HMAC-SHA256 key: the code is HOTP-style (RFC 4226 truncation, 6 digits) over floor(unix time / stepSeconds)
             */
            passcodeKey: string;
            /** Notbefore */
            notBefore: string;
            /** Notafter */
            notAfter: string;
            /** Entries */
            entries: number;
            /** Entriesused */
            entriesUsed: number;
        };
        /** KeypadPassesView */
        KeypadPassesView: {
            /** Communityid */
            communityId: string;
            /** Gateid */
            gateId: string;
            /** Generatedat */
            generatedAt: string;
            /** Codedigits */
            codeDigits: number;
            /** Slotdigits */
            slotDigits: number;
            /** Stepseconds */
            stepSeconds: number;
            /**
             * Acceptedsteps
             * @description Steps around now whose code is accepted
             */
            acceptedSteps: number[];
            /** Limits */
            limits: components["schemas"]["KeypadLimit"][];
            /**
             * Passes
             * @description Passes valid at this gate with a keypad passcode, window not over
             */
            passes: components["schemas"]["KeypadPass"][];
        };
        /** KindTemplatesOut */
        KindTemplatesOut: {
            /**
             * Kind
             * @description alarm, sos, work_order, arrears, visitor, refund, export_ready
             */
            kind: string;
            /**
             * Label
             * @description The kind as people name it (zh-CN unless Accept-Language: en)
             */
            label: string;
            /**
             * Fields
             * @description What the kind's messages can show, and as which WeChat types
             */
            fields: components["schemas"]["FieldOut"][];
            /**
             * Smsvariables
             * @description The variables the kind's SMS template must have (${name})
             */
            smsVariables: string[];
            /** @default null */
            wechat?: components["schemas"]["WechatTemplateOut"] | null;
            /**
             * Smstemplate
             * @default null
             */
            smsTemplate?: string | null;
            /**
             * Source
             * @description channel (wechat, sms) -> stage (the deploy's default) or community
             */
            source: {
                [key: string]: string;
            };
        };
        /** LedgerLine */
        LedgerLine: {
            /**
             * Feeitemid
             * @default null
             */
            feeItemId?: string | null;
            /** Name */
            name: string;
            /** Amountfen */
            amountFen: number;
            /** Count */
            count: number;
            /**
             * Refunds
             * @default false
             */
            refunds?: boolean;
        };
        /** LedgerList */
        LedgerList: {
            /** Items */
            items: components["schemas"]["LedgerMonth"][];
        };
        /** LedgerMonth */
        LedgerMonth: {
            /** Month */
            month: string;
            /** Lines */
            lines: components["schemas"]["LedgerLine"][];
            /**
             * Publishedat
             * @default null
             */
            publishedAt?: string | null;
            /**
             * Incomefen
             * @default 0
             */
            incomeFen?: number;
            /**
             * Refundsfen
             * @default 0
             */
            refundsFen?: number;
        };
        /** LifecycleView */
        LifecycleView: {
            /** Status */
            status: string;
            /** At */
            at: string;
            /** By */
            by: string;
            /**
             * Note
             * @default
             */
            note?: string;
        };
        /** MemberIn */
        MemberIn: {
            /** Personid */
            personId: string;
            /**
             * Relation
             * @enum {string}
             */
            relation: "owner" | "family" | "tenant";
            /**
             * Relationtoowner
             * @description spouse, child, parent, ...
             * @default null
             */
            relationToOwner?: string | null;
            /**
             * Since
             * @description move-in time, UTC ISO-8601; default now
             * @default null
             */
            since?: string | null;
            /**
             * Datasource
             * @default manual
             * @enum {string}
             */
            dataSource?: "manual" | "import" | "self_registration" | "grid_worker" | "department_exchange" | "device" | "partner";
        };
        /** MemberList */
        MemberList: {
            /**
             * Nextcursor
             * @description Pass back as `cursor` for the next page
             * @default null
             */
            nextCursor?: string | null;
            /** Items */
            items: components["schemas"]["MemberOut"][];
        };
        /**
         * MemberOut
         * @description A residency (001 7.1.1.4 d): who, relation, move-in and move-out times.
         */
        MemberOut: {
            /** Houseid */
            houseId: string;
            /** Personid */
            personId: string;
            /** Name */
            name: string;
            /** Relation */
            relation: string;
            /**
             * Relationtoowner
             * @default null
             */
            relationToOwner?: string | null;
            /**
             * Since
             * @description move-in time
             */
            since: string;
            /**
             * Endedat
             * @description move-out time (history only)
             * @default null
             */
            endedAt?: string | null;
            /**
             * Endreason
             * @default null
             */
            endReason?: string | null;
            /**
             * Bound
             * @description a resident account is bound to this residency
             */
            bound: boolean;
            /** Status */
            status: string;
            /** Datasource */
            dataSource: string;
            /** Ingestedat */
            ingestedAt: string;
        };
        /** MembershipList */
        MembershipList: {
            /** Items */
            items: components["schemas"]["MembershipOut"][];
        };
        /** MembershipOut */
        MembershipOut: {
            /** Communityid */
            communityId: string;
            /** Houseid */
            houseId: string;
            /** Relation */
            relation: string;
            /** Personid */
            personId: string;
            /**
             * Addresscode
             * @default null
             */
            addressCode?: string | null;
            /**
             * Housenumber
             * @default null
             */
            houseNumber?: string | null;
            /** Since */
            since: string;
            /**
             * Boundat
             * @default null
             */
            boundAt?: string | null;
        };
        /** MismatchView */
        MismatchView: {
            /**
             * Kind
             * @enum {string}
             */
            kind: "missing_here" | "missing_at_wechat" | "amount_differs" | "status_differs";
            /** Orderid */
            orderId: string;
            /** Ours */
            ours: {
                [key: string]: unknown;
            };
            /** Theirs */
            theirs: {
                [key: string]: unknown;
            };
        };
        /** MoveOutIn */
        MoveOutIn: {
            /**
             * Reason
             * @default moved_out
             * @enum {string}
             */
            reason?: "moved_out" | "removed_by_owner" | "sold" | "lease_ended" | "deceased" | "corrected";
            /**
             * At
             * @description move-out time, UTC ISO-8601; default now
             * @default null
             */
            at?: string | null;
        };
        /** NoBody */
        NoBody: Record<string, never>;
        /** OfflineAdmissionIn */
        OfflineAdmissionIn: {
            /**
             * Entryid
             * @description Chosen by the gate; a retried upload with the same id changes nothing
             */
            entryId: string;
            /** Passid */
            passId: string;
            /**
             * At
             * Format: date-time
             */
            at: string;
            /**
             * Direction
             * @default in
             * @enum {string}
             */
            direction?: "in" | "out";
            /**
             * Method
             * @default qr
             * @enum {string}
             */
            method?: "qr" | "passcode";
        };
        /** OfflineResult */
        OfflineResult: {
            /** Entryid */
            entryId: string;
            /**
             * Result
             * @description recorded, duplicate, unknown_pass or busy
             */
            result: string;
            /**
             * Flag
             * @description double_use, revoked or not_valid
             * @default null
             */
            flag?: string | null;
        };
        /** OfflineUpload */
        OfflineUpload: {
            /** Admissions */
            admissions: components["schemas"]["OfflineAdmissionIn"][];
        };
        /** OfflineUploadView */
        OfflineUploadView: {
            /** Results */
            results: components["schemas"]["OfflineResult"][];
        };
        /** OrderLine */
        OrderLine: {
            /** Billid */
            billId: string;
            /** Feeitemid */
            feeItemId: string;
            /** Feename */
            feeName: string;
            /** Amountfen */
            amountFen: number;
        };
        /** OrderList */
        OrderList: {
            /** Items */
            items: components["schemas"]["OrderView"][];
        };
        /** OrderView */
        OrderView: {
            /** Orderid */
            orderId: string;
            /** Houseid */
            houseId: string;
            /**
             * Status
             * @enum {string}
             */
            status: "created" | "paid" | "closed";
            /** Amountfen */
            amountFen: number;
            /** Refundedfen */
            refundedFen: number;
            /** Lines */
            lines: components["schemas"]["OrderLine"][];
            /** Createdat */
            createdAt: string;
            /** Expiresat */
            expiresAt: string;
            /**
             * Paidat
             * @default null
             */
            paidAt?: string | null;
            /**
             * Closedat
             * @default null
             */
            closedAt?: string | null;
            /**
             * Transactionid
             * @default null
             */
            transactionId?: string | null;
            /**
             * Receiptno
             * @description Set once paid: the receipt's number
             * @default null
             */
            receiptNo?: string | null;
        };
        /** OrgUnitIn */
        OrgUnitIn: {
            /**
             * Code
             * @description statistical division code; see domain.addresses
             */
            code: string;
            /**
             * Level
             * @enum {string}
             */
            level: "province" | "city" | "district" | "street" | "community" | "compound";
            /** Name */
            name: string;
            /**
             * Category
             * @default null
             */
            category?: string | null;
            /**
             * Parentcode
             * @default null
             */
            parentCode?: string | null;
            /**
             * Longitude
             * @default null
             */
            longitude?: number | null;
            /**
             * Latitude
             * @default null
             */
            latitude?: number | null;
            /**
             * Datasource
             * @default manual
             * @enum {string}
             */
            dataSource?: "manual" | "import" | "self_registration" | "grid_worker" | "department_exchange" | "device" | "partner";
        };
        /** OrgUnitOut */
        OrgUnitOut: {
            /**
             * Ingestedat
             * @description When the record entered the platform (001 7.1.1: 入库时间)
             */
            ingestedAt: string;
            /**
             * Datasource
             * @description Where it came from (001 7.1.1: 数据来源)
             */
            dataSource: string;
            /**
             * Updatedat
             * @default null
             */
            updatedAt?: string | null;
            /**
             * Version
             * @description Send back as `version` when updating (optimistic locking)
             */
            version: number;
            /** Code */
            code: string;
            /** Level */
            level: string;
            /** Name */
            name: string;
            /**
             * Category
             * @default null
             */
            category?: string | null;
            /**
             * Parentcode
             * @default null
             */
            parentCode?: string | null;
            /**
             * Path
             * @description codes from the province down to this node
             */
            path: string[];
            /**
             * Longitude
             * @default null
             */
            longitude?: number | null;
            /**
             * Latitude
             * @default null
             */
            latitude?: number | null;
        };
        /** OrgUnitPage */
        OrgUnitPage: {
            /**
             * Nextcursor
             * @description Pass back as `cursor` for the next page
             * @default null
             */
            nextCursor?: string | null;
            /** Items */
            items: components["schemas"]["OrgUnitOut"][];
        };
        /**
         * OrganisationIn
         * @description Legal-entity unit, 001 7.1.1.5: basic info, standard address, legal representative, employees, category.
         */
        OrganisationIn: {
            /** Name */
            name: string;
            /**
             * Creditcode
             * @description unified social credit code (GB 32100, checked)
             * @default null
             */
            creditCode?: string | null;
            /**
             * Category
             * @default null
             */
            category?: string | null;
            /**
             * Addresscode
             * @description standard address code of its house
             * @default null
             */
            addressCode?: string | null;
            /**
             * Address
             * @default null
             */
            address?: string | null;
            /**
             * Legalrepresentative
             * @default null
             */
            legalRepresentative?: string | null;
            /**
             * Employees
             * @default null
             */
            employees?: number | null;
            /**
             * Contactname
             * @default null
             */
            contactName?: string | null;
            /**
             * Keyunit
             * @default false
             */
            keyUnit?: boolean;
            /**
             * Risklevel
             * @default null
             */
            riskLevel?: ("low" | "medium" | "high") | null;
            /**
             * Datasource
             * @default manual
             * @enum {string}
             */
            dataSource?: "manual" | "import" | "self_registration" | "grid_worker" | "department_exchange" | "device" | "partner";
        };
        /** OrganisationOut */
        OrganisationOut: {
            /**
             * Ingestedat
             * @description When the record entered the platform (001 7.1.1: 入库时间)
             */
            ingestedAt: string;
            /**
             * Datasource
             * @description Where it came from (001 7.1.1: 数据来源)
             */
            dataSource: string;
            /**
             * Updatedat
             * @default null
             */
            updatedAt?: string | null;
            /**
             * Version
             * @description Send back as `version` when updating (optimistic locking)
             */
            version: number;
            /** Organisationid */
            organisationId: string;
            /** Name */
            name: string;
            /** Details */
            details?: {
                [key: string]: unknown;
            };
        };
        /** OrganisationPage */
        OrganisationPage: {
            /**
             * Nextcursor
             * @description Pass back as `cursor` for the next page
             * @default null
             */
            nextCursor?: string | null;
            /** Items */
            items: components["schemas"]["OrganisationOut"][];
        };
        /** OrganisationUpdate */
        OrganisationUpdate: {
            /** Version */
            version: number;
            /**
             * Category
             * @default null
             */
            category?: string | null;
            /**
             * Address
             * @default null
             */
            address?: string | null;
            /**
             * Legalrepresentative
             * @default null
             */
            legalRepresentative?: string | null;
            /**
             * Employees
             * @default null
             */
            employees?: number | null;
            /**
             * Contactname
             * @default null
             */
            contactName?: string | null;
            /** Keyunit */
            keyUnit?: boolean;
            /**
             * Risklevel
             * @default null
             */
            riskLevel?: ("low" | "medium" | "high") | null;
        };
        /** PassHistoryItem */
        PassHistoryItem: {
            /** Status */
            status: string;
            /** At */
            at: string;
        };
        /** PassKeysView */
        PassKeysView: {
            /** Communityid */
            communityId: string;
            /** Keys */
            keys: components["schemas"]["PublishedKey"][];
            /**
             * Revoked
             * @description Revoked pass ids whose window is not over
             */
            revoked: string[];
            /** Generatedat */
            generatedAt: string;
        };
        /** PassPage */
        PassPage: {
            /**
             * Nextcursor
             * @description Pass back as `cursor` for the next page
             * @default null
             */
            nextCursor?: string | null;
            /** Items */
            items: components["schemas"]["PassView"][];
        };
        /** PassQr */
        PassQr: {
            /** Passid */
            passId: string;
            /** Token */
            token: string;
            /**
             * Contenttype
             * @default image/png
             */
            contentType?: string;
            /** Pngbase64 */
            pngBase64: string;
            /** Qrversion */
            qrVersion: number;
            /** Errorcorrection */
            errorCorrection: string;
            /** Tokenbytes */
            tokenBytes: number;
        };
        /** PassView */
        PassView: {
            /** Passid */
            passId: string;
            /** Communityid */
            communityId: string;
            /** Houseid */
            houseId: string;
            /** Status */
            status: string;
            /** Source */
            source: string;
            /** Visitorname */
            visitorName: string;
            /**
             * Visitorphone
             * @description Masked
             */
            visitorPhone: string;
            /** Reason */
            reason: string;
            /**
             * Carplate
             * @default null
             */
            carPlate?: string | null;
            /**
             * Idchecked
             * @default false
             */
            idChecked?: boolean;
            /**
             * Idtype
             * @default null
             */
            idType?: string | null;
            /**
             * Idnumber
             * @description Masked
             * @default null
             */
            idNumber?: string | null;
            /** Startsat */
            startsAt: string;
            /** Endsat */
            endsAt: string;
            /** Entries */
            entries: number;
            /** Entriesused */
            entriesUsed: number;
            /** Gates */
            gates: string[];
            /** Approver */
            approver: string;
            /**
             * Token
             * @description The signed credential, while the pass admits
             * @default null
             */
            token?: string | null;
            /**
             * Keyid
             * @default null
             */
            keyId?: string | null;
            /**
             * Reasoncode
             * @default null
             */
            reasonCode?: string | null;
            /** Createdat */
            createdAt: string;
            /**
             * Updatedat
             * @default null
             */
            updatedAt?: string | null;
            /** History */
            history: components["schemas"]["PassHistoryItem"][];
        };
        /** PasscodeView */
        PasscodeView: {
            /** Passid */
            passId: string;
            /**
             * Passcode
             * @description 10 digits for a keypad: the pass's 4-digit slot, then a 6-digit code that changes every minute
             */
            passcode: string;
            /** Validforseconds */
            validForSeconds: number;
        };
        /** PasswordChange */
        PasswordChange: {
            /** Currentpassword */
            currentPassword: string;
            /** Newpassword */
            newPassword: string;
        };
        /** PasswordReset */
        PasswordReset: {
            /** Password */
            password: string;
        };
        /** PayRequest */
        PayRequest: {
            /**
             * Billids
             * @description Unpaid bills of this house, paid whole
             */
            billIds: string[];
        };
        /** PayResponse */
        PayResponse: {
            order: components["schemas"]["OrderView"];
            requestPayment: components["schemas"]["RequestPayment"];
        };
        /**
         * PersonFields
         * @description Writable person fields (001 7.1.1.2, 7.1.1.4 c-d).
         */
        PersonFields: {
            /** Name */
            name: string;
            /**
             * Gender
             * @default unknown
             * @enum {string}
             */
            gender?: "male" | "female" | "unknown";
            /**
             * Idtype
             * @default resident_id_card
             * @enum {string}
             */
            idType?: "resident_id_card" | "passport" | "hk_macao_permit" | "taiwan_permit" | "foreign_permanent";
            /**
             * Idnumber
             * @description stored encrypted; answered masked
             * @default null
             */
            idNumber?: string | null;
            /**
             * Phone
             * @description stored encrypted; answered masked
             * @default null
             */
            phone?: string | null;
            /**
             * Nationality
             * @default CHN
             */
            nationality?: string | null;
            /**
             * Ethnicity
             * @default null
             */
            ethnicity?: string | null;
            /**
             * Nativeplace
             * @default null
             */
            nativePlace?: string | null;
            /**
             * Residenceaddress
             * @default null
             */
            residenceAddress?: string | null;
            /**
             * Hukouaddress
             * @default null
             */
            hukouAddress?: string | null;
            /**
             * Populationtype
             * @default permanent
             * @enum {string}
             */
            populationType?: "permanent" | "floating" | "key";
            /**
             * Keycategory
             * @description key persons only (7.1.1.2 c)
             * @default null
             */
            keyCategory?: string | null;
            /** Tags */
            tags?: string[];
            /** Emergencycontacts */
            emergencyContacts?: components["schemas"]["EmergencyContactIn"][];
            /**
             * Datasource
             * @default manual
             * @enum {string}
             */
            dataSource?: "manual" | "import" | "self_registration" | "grid_worker" | "department_exchange" | "device" | "partner";
        };
        /**
         * PersonOut
         * @description Person, 001 7.1.1.2 (identity, addresses, population type, key category, tags) and 7.1.1.4 d fields.
         */
        PersonOut: {
            /**
             * Ingestedat
             * @description When the record entered the platform (001 7.1.1: 入库时间)
             */
            ingestedAt: string;
            /**
             * Datasource
             * @description Where it came from (001 7.1.1: 数据来源)
             */
            dataSource: string;
            /**
             * Updatedat
             * @default null
             */
            updatedAt?: string | null;
            /**
             * Version
             * @description Send back as `version` when updating (optimistic locking)
             */
            version: number;
            /** Personid */
            personId: string;
            /** Name */
            name: string;
            /** Gender */
            gender: string;
            /** Idtype */
            idType: string;
            /**
             * Idnumber
             * @description masked (110***********123X)
             * @default null
             */
            idNumber?: string | null;
            /**
             * Phone
             * @description masked (138****5678)
             * @default null
             */
            phone?: string | null;
            /**
             * Nationality
             * @default null
             */
            nationality?: string | null;
            /**
             * Ethnicity
             * @default null
             */
            ethnicity?: string | null;
            /**
             * Nativeplace
             * @default null
             */
            nativePlace?: string | null;
            /**
             * Residenceaddress
             * @default null
             */
            residenceAddress?: string | null;
            /**
             * Hukouaddress
             * @default null
             */
            hukouAddress?: string | null;
            /** Populationtype */
            populationType: string;
            /**
             * Keycategory
             * @default null
             */
            keyCategory?: string | null;
            /**
             * Tags
             * @default []
             */
            tags?: string[];
            /**
             * Emergencycontacts
             * @default []
             */
            emergencyContacts?: components["schemas"]["EmergencyContactOut"][];
            /**
             * Status
             * @default active
             */
            status?: string;
        };
        /** PersonPage */
        PersonPage: {
            /**
             * Nextcursor
             * @description Pass back as `cursor` for the next page
             * @default null
             */
            nextCursor?: string | null;
            /** Items */
            items: components["schemas"]["PersonOut"][];
        };
        /**
         * PersonUpdate
         * @description Editable person fields. The ID number is immutable here (a wrong one is corrected by re-registration).
         */
        PersonUpdate: {
            /** Version */
            version: number;
            /** Name */
            name?: string;
            /**
             * Phone
             * @default null
             */
            phone?: string | null;
            /**
             * Gender
             * @enum {string}
             */
            gender?: "male" | "female" | "unknown";
            /**
             * Nationality
             * @default null
             */
            nationality?: string | null;
            /**
             * Ethnicity
             * @default null
             */
            ethnicity?: string | null;
            /**
             * Nativeplace
             * @default null
             */
            nativePlace?: string | null;
            /**
             * Residenceaddress
             * @default null
             */
            residenceAddress?: string | null;
            /**
             * Hukouaddress
             * @default null
             */
            hukouAddress?: string | null;
            /**
             * Populationtype
             * @enum {string}
             */
            populationType?: "permanent" | "floating" | "key";
            /**
             * Keycategory
             * @default null
             */
            keyCategory?: string | null;
            /** Tags */
            tags?: string[];
            /**
             * Status
             * @enum {string}
             */
            status?: "active" | "deregistered";
        };
        /** PhoneBinding */
        PhoneBinding: {
            /**
             * Code
             * @description The code from the `getPhoneNumber` button event
             */
            code: string;
        };
        /** PhotoRequest */
        PhotoRequest: {
            /** Contenttype */
            contentType: string;
            /**
             * Sizebytes
             * @description The file's size; S3 refuses a larger upload
             */
            sizeBytes: number;
        };
        /** PhotoView */
        PhotoView: {
            /** Photoid */
            photoId: string;
            /** Phase */
            phase: string;
            /**
             * Status
             * @description uploading (the form is out, no file yet), processing (the file arrived; a few seconds), ready (with URLs), rejected (with a reason), expired (the form ran out unused)
             */
            status: string;
            /**
             * Reason
             * @default null
             */
            reason?: string | null;
            /**
             * Width
             * @default null
             */
            width?: number | null;
            /**
             * Height
             * @default null
             */
            height?: number | null;
            /**
             * Thumburl
             * @description Presigned, valid for 5 minutes
             * @default null
             */
            thumbUrl?: string | null;
            /**
             * Displayurl
             * @default null
             */
            displayUrl?: string | null;
        };
        /** PlaceOut */
        PlaceOut: {
            /** Code */
            code: string;
            /** Name */
            name: string;
            /**
             * Level
             * @description province, city, district, street or community
             */
            level: string;
            /**
             * Iscommunity
             * @description a community: browse its buildings with this code as community_id
             */
            isCommunity: boolean;
        };
        /** PlacePage */
        PlacePage: {
            /**
             * Nextcursor
             * @description Pass back as `cursor` for the next page
             * @default null
             */
            nextCursor?: string | null;
            /** Items */
            items: components["schemas"]["PlaceOut"][];
        };
        /** PlatformStaffCreate */
        PlatformStaffCreate: {
            /**
             * Username
             * @example li.guard
             */
            username: string;
            /** Name */
            name: string;
            /**
             * Password
             * @description Initial password; the person must change it at first sign-in
             */
            password: string;
            /**
             * Roles
             * @example [
             *       "staff.guard"
             *     ]
             */
            roles: string[];
            /**
             * Phone
             * @default null
             */
            phone?: string | null;
            /**
             * Validfrom
             * @description UTC ISO-8601; absent = from now
             * @default null
             */
            validFrom?: string | null;
            /**
             * Validuntil
             * @description UTC ISO-8601; absent = no end
             * @default null
             */
            validUntil?: string | null;
            /**
             * Idletimeoutminutes
             * @description Signed out after this much inactivity
             * @default 30
             */
            idleTimeoutMinutes?: number;
            /**
             * Maxfailedlogins
             * @description Locked for a while after this many failures
             * @default 5
             */
            maxFailedLogins?: number;
            /**
             * Communities
             * @description Community ids, or ["*"] for every community
             */
            communities: string[];
        };
        /** PolicyUpdate */
        PolicyUpdate: {
            /** Approvalrequired */
            approvalRequired: boolean;
            /** Maxwindowhours */
            maxWindowHours: number;
            /** Maxentries */
            maxEntries: number;
            /** Freeparkingminutes */
            freeParkingMinutes: number;
            /** Approvaltimeoutseconds */
            approvalTimeoutSeconds: number;
            /**
             * Version
             * @description The version you read (omit only for the first write)
             * @default null
             */
            version?: number | null;
        };
        /** PolicyView */
        PolicyView: {
            /** Approvalrequired */
            approvalRequired: boolean;
            /** Maxwindowhours */
            maxWindowHours: number;
            /** Maxentries */
            maxEntries: number;
            /** Freeparkingminutes */
            freeParkingMinutes: number;
            /** Approvaltimeoutseconds */
            approvalTimeoutSeconds: number;
            /**
             * Version
             * @default null
             */
            version?: number | null;
        };
        /** PresentRequest */
        PresentRequest: {
            /**
             * Kind
             * @enum {string}
             */
            kind: "card" | "qr" | "face" | "app";
            /** Reference */
            reference: string;
            /**
             * Direction
             * @default in
             * @enum {string}
             */
            direction?: "in" | "out";
            /**
             * Floor
             * @description Elevators: the floor asked for
             * @default null
             */
            floor?: number | null;
        };
        /** PresentView */
        PresentView: {
            /** Allowed */
            allowed: boolean;
            /**
             * Reason
             * @description UNKNOWN_CREDENTIAL, REPORTED_LOST, DEREGISTERED, EXPIRED, DOOR_NOT_ALLOWED, FLOOR_NOT_ALLOWED, HOLDER_NOT_CURRENT (a staff card whose account is disabled, expired or no longer works in this community)
             * @default null
             */
            reason?: string | null;
            /**
             * Credentialid
             * @default null
             */
            credentialId?: string | null;
            /**
             * Entryid
             * @default null
             */
            entryId?: string | null;
        };
        /** PublishedKey */
        PublishedKey: {
            /** Kid */
            kid: string;
            /** Alg */
            alg: string;
            /**
             * Publickey
             * @description Raw Ed25519 public key, base64url
             */
            publicKey: string;
        };
        /** RateRequest */
        RateRequest: {
            /** Stars */
            stars: number;
            /**
             * Comment
             * @default null
             */
            comment?: string | null;
        };
        /** ReasonRequest */
        ReasonRequest: {
            /** Reason */
            reason: string;
        };
        /** ReconcileRequest */
        ReconcileRequest: {
            /**
             * Day
             * Format: date
             */
            day: string;
        };
        /** ReconciliationView */
        ReconciliationView: {
            /** Day */
            day: string;
            /** Mismatches */
            mismatches: components["schemas"]["MismatchView"][];
        };
        /** RefreshRequest */
        RefreshRequest: {
            /** Refreshtoken */
            refreshToken: string;
        };
        /** RefundList */
        RefundList: {
            /** Items */
            items: components["schemas"]["RefundView"][];
        };
        /** RefundRequest */
        RefundRequest: {
            /** Orderid */
            orderId: string;
            /** Amountfen */
            amountFen: number;
            /** Reason */
            reason: string;
        };
        /** RefundView */
        RefundView: {
            /** Refundid */
            refundId: string;
            /** Orderid */
            orderId: string;
            /** Amountfen */
            amountFen: number;
            /** Reason */
            reason: string;
            /**
             * Status
             * @enum {string}
             */
            status: "requested" | "processing" | "rejected" | "refunded" | "failed";
            /** Requestedby */
            requestedBy: string;
            /**
             * Approvedby
             * @default null
             */
            approvedBy?: string | null;
            /** Createdat */
            createdAt: string;
            /**
             * Finishedat
             * @default null
             */
            finishedAt?: string | null;
        };
        /** ReportRequest */
        ReportRequest: {
            /** Kind */
            kind: string;
            /**
             * Categoryid
             * @example repair-plumbing
             */
            categoryId: string;
            /**
             * Description
             * @example Water is leaking under the kitchen sink
             */
            description: string;
            /**
             * Contact
             * @default message
             */
            contact?: string;
        };
        /**
         * RequestPayment
         * @description What the mini-program passes to `wx.requestPayment`, signed with the merchant key.
         */
        RequestPayment: {
            /** Appid */
            appId: string;
            /** Timestamp */
            timeStamp: string;
            /** Noncestr */
            nonceStr: string;
            /** Package */
            package: string;
            /** Signtype */
            signType: string;
            /** Paysign */
            paySign: string;
        };
        /** ResidenceList */
        ResidenceList: {
            /** Items */
            items: components["schemas"]["MemberOut"][];
        };
        /** ResidentLogin */
        ResidentLogin: {
            /**
             * Code
             * @description The code from `wx.login()`
             * @example 0a3Bc...
             */
            code: string;
        };
        /** ResidentProfile */
        ResidentProfile: {
            /** Accountid */
            accountId: string;
            /**
             * Phone
             * @description Masked, e.g. 138****5678
             * @default null
             */
            phone?: string | null;
            /** Roles */
            roles: string[];
            /** Communities */
            communities: string[];
            /** Households */
            households: string[];
        };
        /** ResolveRequest */
        ResolveRequest: {
            /** Note */
            note: string;
        };
        /** RetireRequest */
        RetireRequest: {
            /**
             * Version
             * @default null
             */
            version?: number | null;
            /**
             * Note
             * @default null
             */
            note?: string | null;
        };
        /** ReturnVisitRequest */
        ReturnVisitRequest: {
            /** Outcome */
            outcome: string;
            /** Note */
            note: string;
        };
        /** RevealOut */
        RevealOut: {
            /** Personid */
            personId: string;
            /** Idnumber */
            idNumber: string | null;
            /** Phone */
            phone: string | null;
            /** Emergencycontacts */
            emergencyContacts: {
                [key: string]: unknown;
            }[];
        };
        /** RevealedPhone */
        RevealedPhone: {
            /** Accountid */
            accountId: string;
            /** Phone */
            phone: string | null;
        };
        /** RevokeRequest */
        RevokeRequest: {
            /**
             * Reason
             * @example device stolen
             */
            reason: string;
        };
        /** RosterView */
        RosterView: {
            /** Items */
            items: components["schemas"]["ShiftView"][];
            /** Ondutynow */
            onDutyNow: components["schemas"]["ShiftView"][];
        };
        /** RotatedKeyView */
        RotatedKeyView: {
            /** Keyid */
            keyId: string;
        };
        /** RowErrorOut */
        RowErrorOut: {
            /** Sheet */
            sheet: string;
            /** Row */
            row: number;
            /**
             * Column
             * @default null
             */
            column?: string | null;
            /** Code */
            code: string;
            /** Message */
            message: string;
        };
        /** RuleOverride */
        RuleOverride: {
            /** Ruleid */
            ruleId: string;
            /**
             * Enabled
             * @default null
             */
            enabled?: boolean | null;
            /**
             * Severity
             * @default null
             */
            severity?: ("critical" | "major" | "minor" | "warning" | "indeterminate") | null;
            /**
             * Value
             * @default null
             */
            value?: number | null;
            /**
             * Durationseconds
             * @default null
             */
            durationSeconds?: number | null;
            /**
             * Metric
             * @default null
             */
            metric?: string | null;
            /**
             * Op
             * @default null
             */
            op?: (">=" | ">" | "<=" | "<") | null;
            /**
             * Alarmtype
             * @default null
             */
            alarmType?: string | null;
        };
        /** RulesRequest */
        RulesRequest: {
            /** Rules */
            rules: components["schemas"]["RuleOverride"][];
        };
        /** RulesView */
        RulesView: {
            /** Devicetype */
            deviceType: string;
            /** Rules */
            rules: {
                [key: string]: unknown;
            }[];
            /** Overrides */
            overrides: {
                [key: string]: unknown;
            }[];
        };
        /** ShiftRequest */
        ShiftRequest: {
            /** Staffid */
            staffId: string;
            /**
             * Area
             * @description a building id or "*" (whole community)
             */
            area: string;
            /**
             * Days
             * @description 1 = Monday .. 7 = Sunday
             */
            days: number[];
            /**
             * Start
             * @description HH:MM, Asia/Shanghai
             */
            start: string;
            /**
             * End
             * @description HH:MM; before start = over midnight
             */
            end: string;
        };
        /** ShiftView */
        ShiftView: {
            /** Shiftid */
            shiftId: string;
            /** Staffid */
            staffId: string;
            /** Staffname */
            staffName: string;
            /** Area */
            area: string;
            /** Days */
            days: number[];
            /** Start */
            start: string;
            /** End */
            end: string;
        };
        /** SkippedDevice */
        SkippedDevice: {
            /** Deviceid */
            deviceId: string;
            /** Reason */
            reason: string;
        };
        /** SosRequest */
        SosRequest: {
            /**
             * Requestid
             * @description client-made id; pressing again with the same id changes nothing
             */
            requestId: string;
            /**
             * Note
             * @default null
             */
            note?: string | null;
        };
        /** StaffCreate */
        StaffCreate: {
            /**
             * Username
             * @example li.guard
             */
            username: string;
            /** Name */
            name: string;
            /**
             * Password
             * @description Initial password; the person must change it at first sign-in
             */
            password: string;
            /**
             * Roles
             * @example [
             *       "staff.guard"
             *     ]
             */
            roles: string[];
            /**
             * Phone
             * @default null
             */
            phone?: string | null;
            /**
             * Validfrom
             * @description UTC ISO-8601; absent = from now
             * @default null
             */
            validFrom?: string | null;
            /**
             * Validuntil
             * @description UTC ISO-8601; absent = no end
             * @default null
             */
            validUntil?: string | null;
            /**
             * Idletimeoutminutes
             * @description Signed out after this much inactivity
             * @default 30
             */
            idleTimeoutMinutes?: number;
            /**
             * Maxfailedlogins
             * @description Locked for a while after this many failures
             * @default 5
             */
            maxFailedLogins?: number;
        };
        /** StaffList */
        StaffList: {
            /** Items */
            items: components["schemas"]["StaffView"][];
        };
        /** StaffLogin */
        StaffLogin: {
            /**
             * Username
             * @example zhang.guard
             */
            username: string;
            /** Password */
            password: string;
        };
        /** StaffPhotoRequest */
        StaffPhotoRequest: {
            /** Contenttype */
            contentType: string;
            /**
             * Sizebytes
             * @description The file's size; S3 refuses a larger upload
             */
            sizeBytes: number;
            /**
             * Phase
             * @default after
             */
            phase?: string;
        };
        /** StaffProfile */
        StaffProfile: {
            /** Accountid */
            accountId: string;
            /** Username */
            username: string;
            /** Name */
            name: string;
            /**
             * Phone
             * @description Masked
             * @default null
             */
            phone?: string | null;
            /** Roles */
            roles: string[];
            /** Communities */
            communities: string[];
            /**
             * Validuntil
             * @default null
             */
            validUntil?: string | null;
            /** Mustchangepassword */
            mustChangePassword: boolean;
            /** Idletimeoutminutes */
            idleTimeoutMinutes: number;
            /**
             * Permissions
             * @description What the roles allow (the authorisation matrix): a console hides the rest; the API refuses it
             */
            permissions?: string[];
        };
        /** StaffReportRequest */
        StaffReportRequest: {
            /** Kind */
            kind: string;
            /**
             * Categoryid
             * @example repair-plumbing
             */
            categoryId: string;
            /**
             * Description
             * @example Water is leaking under the kitchen sink
             */
            description: string;
            /**
             * Contact
             * @default message
             */
            contact?: string;
            /**
             * Houseid
             * @description A house, or leave empty and name a public area
             * @default null
             */
            houseId?: string | null;
            /**
             * Area
             * @default null
             */
            area?: string | null;
            /**
             * Buildingid
             * @default null
             */
            buildingId?: string | null;
        };
        /** StaffVerifyRequest */
        StaffVerifyRequest: {
            /** Gateid */
            gateId: string;
            /** Token */
            token: string;
            /**
             * Direction
             * @default in
             * @enum {string}
             */
            direction?: "in" | "out";
        };
        /** StaffView */
        StaffView: {
            /** Accountid */
            accountId: string;
            /** Username */
            username: string;
            /** Name */
            name: string;
            /**
             * Phone
             * @description Masked
             * @default null
             */
            phone?: string | null;
            /** Roles */
            roles: string[];
            /**
             * Communities
             * @description The account's communities that the caller may see
             */
            communities: string[];
            /**
             * Alsoelsewhere
             * @description The account also works in communities the caller does not manage: only the platform admin may change it (the caller may remove it from their community)
             * @default false
             */
            alsoElsewhere?: boolean;
            /**
             * Validfrom
             * @default null
             */
            validFrom?: string | null;
            /**
             * Validuntil
             * @default null
             */
            validUntil?: string | null;
            /** Idletimeoutminutes */
            idleTimeoutMinutes: number;
            /** Maxfailedlogins */
            maxFailedLogins: number;
            /** Locked */
            locked: boolean;
            /** Disabled */
            disabled: boolean;
            /** Mustchangepassword */
            mustChangePassword: boolean;
            /**
             * Lastloginat
             * @default null
             */
            lastLoginAt?: string | null;
            /** Createdat */
            createdAt: string;
        };
        /** Statistics */
        Statistics: {
            /** Total */
            total: number;
            /** Bystatus */
            byStatus: {
                [key: string]: number;
            };
            /** Slacompliance */
            slaCompliance: number | null;
            /** Meanminutestoaccept */
            meanMinutesToAccept: number | null;
            /** Meanminutestoresolve */
            meanMinutesToResolve: number | null;
            /** Satisfactionbycategory */
            satisfactionByCategory: {
                [key: string]: number | null;
            };
            /** Satisfactionbytechnician */
            satisfactionByTechnician: {
                [key: string]: number | null;
            };
        };
        /** StatisticsView */
        StatisticsView: {
            /** Since */
            since: string;
            /** Until */
            until: string;
            /** Total */
            total: number;
            /** Bytype */
            byType: {
                [key: string]: number;
            };
            /** Byday */
            byDay: {
                [key: string]: number;
            };
            /** Bybuilding */
            byBuilding: {
                [key: string]: number;
            };
            /** Acknowledged */
            acknowledged: number;
            /** Resolved */
            resolved: number;
            /** Meantimetoacknowledgeseconds */
            meanTimeToAcknowledgeSeconds: number | null;
            /** Meantimetoresolveseconds */
            meanTimeToResolveSeconds: number | null;
        };
        /** StatsView */
        StatsView: {
            /** Days */
            days: components["schemas"]["DayStats"][];
            /** Totals */
            totals: {
                [key: string]: number;
            };
        };
        /** TechnicianRequest */
        TechnicianRequest: {
            /** Skills */
            skills: string[];
            /**
             * Onduty
             * @default true
             */
            onDuty?: boolean;
        };
        /** TechnicianView */
        TechnicianView: {
            /** Accountid */
            accountId: string;
            /** Skills */
            skills: string[];
            /** Onduty */
            onDuty: boolean;
        };
        /** TemplateSettingRequest */
        TemplateSettingRequest: {
            /**
             * @description This community's WeChat template, if its own
             * @default null
             */
            wechat?: components["schemas"]["WechatTemplateIn"] | null;
            /**
             * Smstemplate
             * @description This community's SMS template code (SMS_...), if its own
             * @default null
             */
            smsTemplate?: string | null;
        };
        /** TemplateSettingsOut */
        TemplateSettingsOut: {
            /** Items */
            items: components["schemas"]["KindTemplatesOut"][];
        };
        /** TicketLocation */
        TicketLocation: {
            /**
             * Houseid
             * @default null
             */
            houseId?: string | null;
            /**
             * Area
             * @default null
             */
            area?: string | null;
            /**
             * Buildingid
             * @default null
             */
            buildingId?: string | null;
            /**
             * Label
             * @description where, as people say it
             * @default null
             * @example 3栋2单元1201
             */
            label?: string | null;
        };
        /** TicketPage */
        TicketPage: {
            /**
             * Nextcursor
             * @description Pass back as `cursor` for the next page
             * @default null
             */
            nextCursor?: string | null;
            /** Items */
            items: components["schemas"]["TicketView"][];
        };
        /** TicketView */
        TicketView: {
            /** Ticketid */
            ticketId: string;
            /** Communityid */
            communityId: string;
            /** Kind */
            kind: string;
            /** Categoryid */
            categoryId: string;
            /** Description */
            description: string;
            location: components["schemas"]["TicketLocation"];
            /** Source */
            source: string;
            /** Status */
            status: string;
            /**
             * Allowedactions
             * @description what this caller may do now (its role, its relation to the ticket, the ticket's state): accept, assign, grab, start, resolve, return_visit, close (staff); cancel, urge, rate, reopen (residents); photo
             */
            allowedActions: string[];
            /** Assignee */
            assignee: string | null;
            /**
             * Assigneename
             * @default null
             */
            assigneeName?: string | null;
            /**
             * Assigneephone
             * @description masked, e.g. 138****5678
             * @default null
             */
            assigneePhone?: string | null;
            /**
             * Reportername
             * @default null
             */
            reporterName?: string | null;
            /**
             * Categoryname
             * @default null
             */
            categoryName?: string | null;
            /** Createdat */
            createdAt: string;
            /** Responsedueat */
            responseDueAt: string;
            /** Resolutiondueat */
            resolutionDueAt: string;
            /** Acceptedat */
            acceptedAt: string | null;
            /** Resolvedat */
            resolvedAt: string | null;
            /** Closedat */
            closedAt: string | null;
            /** Rating */
            rating: number | null;
            /** Ratingcomment */
            ratingComment: string | null;
            /** Urgecount */
            urgeCount: number;
            /** Escalations */
            escalations: string[];
            /** Version */
            version: number;
            /** Photos */
            photos?: components["schemas"]["PhotoView"][];
            /** Timeline */
            timeline?: components["schemas"]["TimelineEntry"][];
        };
        /** TimelineEntry */
        TimelineEntry: {
            /** At */
            at: string;
            /** By */
            by: string;
            /**
             * Byname
             * @description who, by name (staff name, the reporter's registered name)
             * @default null
             */
            byName?: string | null;
            /** Bykind */
            byKind: string;
            /** Action */
            action: string;
            /** Detail */
            detail?: {
                [key: string]: unknown;
            };
        };
        /** TimelineView */
        TimelineView: {
            /** At */
            at: string;
            /** By */
            by: string;
            /** Action */
            action: string;
            /**
             * Detail
             * @default {}
             */
            detail?: {
                [key: string]: unknown;
            };
        };
        /** TokenResponse */
        TokenResponse: {
            /** Accesstoken */
            accessToken: string;
            /**
             * Tokentype
             * @default Bearer
             */
            tokenType?: string;
            /**
             * Expiresin
             * @description Seconds until the access token expires
             */
            expiresIn: number;
            /**
             * Refreshtoken
             * @description Single use: each refresh returns the next one. Absent when the password must change
             * @default null
             */
            refreshToken?: string | null;
            /**
             * Mustchangepassword
             * @default false
             */
            mustChangePassword?: boolean;
            /** Kind */
            kind: string;
            /** Roles */
            roles: string[];
            /** Communities */
            communities: string[];
            /** Households */
            households: string[];
        };
        /** UnitIn */
        UnitIn: {
            /** Number */
            number: number;
            /**
             * Name
             * @default null
             */
            name?: string | null;
            /**
             * Floors
             * @default null
             */
            floors?: number | null;
            /**
             * Housesperfloor
             * @default null
             */
            housesPerFloor?: number | null;
        };
        /** UnitList */
        UnitList: {
            /** Items */
            items: components["schemas"]["UnitOut"][];
        };
        /** UnitOut */
        UnitOut: {
            /** Buildingid */
            buildingId: string;
            /** Number */
            number: number;
            /**
             * Name
             * @default null
             */
            name?: string | null;
            /**
             * Floors
             * @default null
             */
            floors?: number | null;
            /**
             * Housesperfloor
             * @default null
             */
            housesPerFloor?: number | null;
            /** Ingestedat */
            ingestedAt: string;
        };
        /** UnlockDoorsRequest */
        UnlockDoorsRequest: {
            /**
             * Reason
             * @example fire alarm in building 3
             */
            reason: string;
            /**
             * Acktimeoutseconds
             * @default 30
             */
            ackTimeoutSeconds?: number;
        };
        /** UploadForm */
        UploadForm: {
            /** Photoid */
            photoId: string;
            /**
             * Url
             * @description POST the fields and then the file (multipart/form-data) to this URL
             */
            url: string;
            /** Fields */
            fields: {
                [key: string]: string;
            };
            /** Expiresinseconds */
            expiresInSeconds: number;
        };
        /**
         * VehicleIn
         * @description Motor vehicle 001 7.1.1.6 b (owner fields 7.1.1.6 c come from the owner's person record), non-motor 7.1.1.7.
         */
        VehicleIn: {
            /**
             * Kind
             * @default motor
             * @enum {string}
             */
            kind?: "motor" | "non_motor";
            /** Plate */
            plate: string;
            /**
             * Platecolor
             * @default null
             */
            plateColor?: string | null;
            /**
             * Platetype
             * @default null
             */
            plateType?: string | null;
            /**
             * Brand
             * @default null
             */
            brand?: string | null;
            /**
             * Bodycolor
             * @default null
             */
            bodyColor?: string | null;
            /**
             * Vehicletype
             * @default null
             */
            vehicleType?: string | null;
            /**
             * Sizeclass
             * @default null
             */
            sizeClass?: string | null;
            /**
             * Ownerpersonid
             * @default null
             */
            ownerPersonId?: string | null;
            /**
             * Houseid
             * @default null
             */
            houseId?: string | null;
            /**
             * Parkingtype
             * @default temporary
             * @enum {string}
             */
            parkingType?: "monthly" | "temporary" | "owned_space" | "none";
            /**
             * Validfrom
             * @description first day the parking permit is valid
             * @default null
             */
            validFrom?: string | null;
            /**
             * Validto
             * @description last day the parking permit is valid
             * @default null
             */
            validTo?: string | null;
            /**
             * Spacenumber
             * @default null
             */
            spaceNumber?: string | null;
            /**
             * Keyclass
             * @description 7.1.1.6 d
             * @default null
             */
            keyClass?: ("cloned_plate" | "stolen" | "wanted") | null;
            /**
             * Datasource
             * @default manual
             * @enum {string}
             */
            dataSource?: "manual" | "import" | "self_registration" | "grid_worker" | "department_exchange" | "device" | "partner";
        };
        /** VehicleOut */
        VehicleOut: {
            /**
             * Ingestedat
             * @description When the record entered the platform (001 7.1.1: 入库时间)
             */
            ingestedAt: string;
            /**
             * Datasource
             * @description Where it came from (001 7.1.1: 数据来源)
             */
            dataSource: string;
            /**
             * Updatedat
             * @default null
             */
            updatedAt?: string | null;
            /**
             * Version
             * @description Send back as `version` when updating (optimistic locking)
             */
            version: number;
            /** Vehicleid */
            vehicleId: string;
            /** Kind */
            kind: string;
            /** Plate */
            plate: string;
            /**
             * Ownerpersonid
             * @default null
             */
            ownerPersonId?: string | null;
            /**
             * Ownername
             * @default null
             */
            ownerName?: string | null;
            /**
             * Houseid
             * @default null
             */
            houseId?: string | null;
            /** Parkingtype */
            parkingType: string;
            /**
             * Keyclass
             * @default null
             */
            keyClass?: string | null;
            /** Details */
            details?: {
                [key: string]: unknown;
            };
        };
        /** VehiclePage */
        VehiclePage: {
            /**
             * Nextcursor
             * @description Pass back as `cursor` for the next page
             * @default null
             */
            nextCursor?: string | null;
            /** Items */
            items: components["schemas"]["VehicleOut"][];
        };
        /** VehicleUpdate */
        VehicleUpdate: {
            /** Version */
            version: number;
            /**
             * Platecolor
             * @default null
             */
            plateColor?: string | null;
            /**
             * Brand
             * @default null
             */
            brand?: string | null;
            /**
             * Bodycolor
             * @default null
             */
            bodyColor?: string | null;
            /**
             * Vehicletype
             * @default null
             */
            vehicleType?: string | null;
            /**
             * Parkingtype
             * @enum {string}
             */
            parkingType?: "monthly" | "temporary" | "owned_space" | "none";
            /**
             * Validfrom
             * @description first day the parking permit is valid
             * @default null
             */
            validFrom?: string | null;
            /**
             * Validto
             * @description last day the parking permit is valid
             * @default null
             */
            validTo?: string | null;
            /**
             * Spacenumber
             * @default null
             */
            spaceNumber?: string | null;
            /**
             * Keyclass
             * @default null
             */
            keyClass?: ("cloned_plate" | "stolen" | "wanted") | null;
        };
        /** VerifyView */
        VerifyView: {
            /** Admitted */
            admitted: boolean;
            /**
             * Reason
             * @description MALFORMED, UNSUPPORTED_VERSION, OTHER_COMMUNITY, UNKNOWN_KEY, TAMPERED, REVOKED, NOT_YET_VALID, EXPIRED, WRONG_GATE, NO_ENTRIES_LEFT, UNKNOWN_PASS, REJECTED, NOT_APPROVED, UNKNOWN_PLATE, BUSY; a keypad passcode: INVALID_PASSCODE for every wrong code, LOCKED_OUT while the gate's budget of wrong codes is spent
             * @default null
             */
            reason?: string | null;
            /**
             * Passid
             * @default null
             */
            passId?: string | null;
            /**
             * Entryid
             * @default null
             */
            entryId?: string | null;
            /**
             * Entriesleft
             * @default null
             */
            entriesLeft?: number | null;
            /**
             * Status
             * @default null
             */
            status?: string | null;
            /**
             * Visitorname
             * @default null
             */
            visitorName?: string | null;
            /**
             * Carplate
             * @default null
             */
            carPlate?: string | null;
            /**
             * Freeparkinguntil
             * @default null
             */
            freeParkingUntil?: string | null;
        };
        /** WalkInRequest */
        WalkInRequest: {
            /** Houseid */
            houseId: string;
            /** Visitorname */
            visitorName: string;
            /** Visitorphone */
            visitorPhone: string;
            /** Reason */
            reason: string;
            /**
             * Idtype
             * @default resident_id_card
             * @enum {string}
             */
            idType?: "resident_id_card" | "passport" | "other";
            /**
             * Idnumber
             * @description Checked by the guard; stored encrypted, answered masked
             */
            idNumber: string;
            /**
             * Hours
             * @default 2
             */
            hours?: number;
            /** Gates */
            gates?: string[];
            /**
             * Carplate
             * @default null
             */
            carPlate?: string | null;
        };
        /**
         * WechatPayAnswer
         * @description What the notification endpoint answers WeChat Pay: its own body, `SUCCESS` or `FAIL` with a message (and our
         *     machine-readable `reason` for the refusal).
         */
        WechatPayAnswer: {
            /**
             * Code
             * @enum {string}
             */
            code: "SUCCESS" | "FAIL";
            /** Message */
            message: string;
            /**
             * Reason
             * @default null
             */
            reason?: string | null;
        };
        /** WechatTemplateIn */
        WechatTemplateIn: {
            /**
             * Templateid
             * @description The subscribe template's id (WeChat console)
             */
            templateId: string;
            /**
             * Fields
             * @description Template key (thing1, time4, ...) -> the kind's field it shows (title, place, time, ...)
             */
            fields: {
                [key: string]: string;
            };
        };
        /** WechatTemplateOut */
        WechatTemplateOut: {
            /** Templateid */
            templateId: string;
            /** Fields */
            fields: {
                [key: string]: string;
            };
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    listCommunityAudit: {
        parameters: {
            query?: {
                from?: string | null;
                to?: string | null;
                operator?: string | null;
                targetType?: string | null;
                targetId?: string | null;
                limit?: number;
                cursor?: string | null;
            };
            header?: never;
            path: {
                community_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AuditPage"];
                };
            };
            /** @description Bad input: malformed JSON, wrong types, unknown fields (see `details`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    listStaff: {
        parameters: {
            query?: {
                q?: string | null;
            };
            header?: never;
            path: {
                community_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["StaffList"];
                };
            };
            /** @description Bad input: malformed JSON, wrong types, unknown fields (see `details`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    createStaff: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                community_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["StaffCreate"];
            };
        };
        responses: {
            /** @description OK */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["StaffView"];
                };
            };
            /** @description Bad input: malformed JSON, wrong types, unknown fields (see `details`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Conflict with the current state (duplicate, stale version) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    getStaff: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                community_id: string;
                account_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["StaffView"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    disableStaff: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                community_id: string;
                account_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["StaffView"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    enableStaff: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                community_id: string;
                account_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["StaffView"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    resetStaffPassword: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                community_id: string;
                account_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PasswordReset"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["StaffView"];
                };
            };
            /** @description Bad input: malformed JSON, wrong types, unknown fields (see `details`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    revealStaffPhone: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                community_id: string;
                account_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RevealedPhone"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    removeStaff: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                community_id: string;
                account_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["StaffView"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Conflict with the current state (duplicate, stale version) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    unlockStaff: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                community_id: string;
                account_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["StaffView"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    listOrgUnits: {
        parameters: {
            query?: {
                limit?: number;
                cursor?: string | null;
                parent?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OrgUnitPage"];
                };
            };
            /** @description Bad input: malformed JSON, wrong types, unknown fields (see `details`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    createOrgUnit: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["OrgUnitIn"];
            };
        };
        responses: {
            /** @description OK */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OrgUnitOut"];
                };
            };
            /** @description Bad input: malformed JSON, wrong types, unknown fields (see `details`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Conflict with the current state (duplicate, stale version) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    getOrgUnit: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                code: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OrgUnitOut"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    rotatePassKeys: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RotatedKeyView"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    listPlatformAudit: {
        parameters: {
            query?: {
                from?: string | null;
                to?: string | null;
                operator?: string | null;
                targetType?: string | null;
                targetId?: string | null;
                limit?: number;
                cursor?: string | null;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AuditPage"];
                };
            };
            /** @description Bad input: malformed JSON, wrong types, unknown fields (see `details`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    createPlatformStaff: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PlatformStaffCreate"];
            };
        };
        responses: {
            /** @description OK */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["StaffView"];
                };
            };
            /** @description Bad input: malformed JSON, wrong types, unknown fields (see `details`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Conflict with the current state (duplicate, stale version) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    presentCredential: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                community_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PresentRequest"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PresentView"];
                };
            };
            /** @description Bad input: malformed JSON, wrong types, unknown fields (see `details`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    getKeypadPasses: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                community_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["KeypadPassesView"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    uploadOfflineEntries: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                community_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["OfflineUpload"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OfflineUploadView"];
                };
            };
            /** @description Bad input: malformed JSON, wrong types, unknown fields (see `details`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    getPassKeys: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                community_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PassKeysView"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    verifyPassAtGate: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                community_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["GateVerifyRequest"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["VerifyView"];
                };
            };
            /** @description Bad input: malformed JSON, wrong types, unknown fields (see `details`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    openGateSession: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["GateSessionRequest"];
            };
        };
        responses: {
            /** @description OK */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GateSessionView"];
                };
            };
            /** @description Bad input: malformed JSON, wrong types, unknown fields (see `details`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    getHealth: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HealthResponse"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A dependency is unavailable; retry later */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    signOut: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RefreshRequest"];
            };
        };
        responses: {
            /** @description OK */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Bad input: malformed JSON, wrong types, unknown fields (see `details`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    signInResident: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ResidentLogin"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TokenResponse"];
                };
            };
            /** @description Bad input: malformed JSON, wrong types, unknown fields (see `details`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A dependency is unavailable; retry later */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    signInStaff: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["StaffLogin"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TokenResponse"];
                };
            };
            /** @description Bad input: malformed JSON, wrong types, unknown fields (see `details`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    refreshSession: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RefreshRequest"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TokenResponse"];
                };
            };
            /** @description Bad input: malformed JSON, wrong types, unknown fields (see `details`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    receiveWechatPayNotification: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": string;
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Bad input: malformed JSON, wrong types, unknown fields (see `details`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WechatPayAnswer"] | components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WechatPayAnswer"] | components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WechatPayAnswer"] | components["schemas"]["ErrorBody"];
                };
            };
            /** @description Conflict with the current state (duplicate, stale version) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WechatPayAnswer"] | components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WechatPayAnswer"] | components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    bindHouse: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                community_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["BindIn"];
            };
        };
        responses: {
            /** @description OK */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BindingOut"];
                };
            };
            /** @description Bad input: malformed JSON, wrong types, unknown fields (see `details`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Conflict with the current state (duplicate, stale version) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    applyForHousehold: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                community_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ApplicationIn"];
            };
        };
        responses: {
            /** @description OK */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApplicationOut"];
                };
            };
            /** @description Bad input: malformed JSON, wrong types, unknown fields (see `details`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Conflict with the current state (duplicate, stale version) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    listHomeAlarms: {
        parameters: {
            query?: {
                status?: ("active" | "cleared" | "latched" | "unacknowledged" | "unanswered") | null;
                severity?: ("critical" | "major" | "minor" | "warning" | "indeterminate") | null;
                type?: string | null;
                building?: string | null;
                from?: string | null;
                to?: string | null;
                limit?: number;
                cursor?: string | null;
            };
            header?: never;
            path: {
                community_id: string;
                house_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AlarmPage"];
                };
            };
            /** @description Bad input: malformed JSON, wrong types, unknown fields (see `details`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    listHouseBills: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                community_id: string;
                house_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BillList"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    listMyCredentials: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                community_id: string;
                house_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CredentialList"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    reportMyCredentialLoss: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                community_id: string;
                house_id: string;
                credential_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["NoBody"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CredentialView"];
                };
            };
            /** @description Bad input: malformed JSON, wrong types, unknown fields (see `details`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Conflict with the current state (duplicate, stale version) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    getDoorCommand: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                community_id: string;
                house_id: string;
                command_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DoorCommandView"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    listMyDoors: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                community_id: string;
                house_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DoorList"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    openDoor: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                community_id: string;
                house_id: string;
                device_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DoorCommandView"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Conflict with the current state (duplicate, stale version) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A dependency is unavailable; retry later */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    listHouseholdMembers: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                community_id: string;
                house_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MemberList"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    inviteHouseholdMember: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                community_id: string;
                house_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["InviteIn"];
            };
        };
        responses: {
            /** @description OK */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MemberOut"];
                };
            };
            /** @description Bad input: malformed JSON, wrong types, unknown fields (see `details`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Conflict with the current state (duplicate, stale version) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    removeHouseholdMember: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                community_id: string;
                house_id: string;
                person_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MemberOut"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Conflict with the current state (duplicate, stale version) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    moveOutMyself: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                community_id: string;
                house_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MemberOut"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Conflict with the current state (duplicate, stale version) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    listHousePayments: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                community_id: string;
                house_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OrderList"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    payBills: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                community_id: string;
                house_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PayRequest"];
            };
        };
        responses: {
            /** @description OK */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PayResponse"];
                };
            };
            /** @description Bad input: malformed JSON, wrong types, unknown fields (see `details`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Conflict with the current state (duplicate, stale version) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A dependency is unavailable; retry later */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    getHousePayment: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                community_id: string;
                house_id: string;
                order_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OrderView"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    pressSos: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                community_id: string;
                house_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SosRequest"];
            };
        };
        responses: {
            /** @description OK */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AlarmView"];
                };
            };
            /** @description Bad input: malformed JSON, wrong types, unknown fields (see `details`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Conflict with the current state (duplicate, stale version) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    listHousePasses: {
        parameters: {
            query?: {
                limit?: number;
                cursor?: string | null;
            };
            header?: never;
            path: {
                community_id: string;
                house_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PassPage"];
                };
            };
            /** @description Bad input: malformed JSON, wrong types, unknown fields (see `details`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    inviteVisitor: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                community_id: string;
                house_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["InviteRequest"];
            };
        };
        responses: {
            /** @description OK */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PassView"];
                };
            };
            /** @description Bad input: malformed JSON, wrong types, unknown fields (see `details`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A dependency is unavailable; retry later */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    getHousePass: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                community_id: string;
                house_id: string;
                pass_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PassView"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    confirmWalkIn: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                community_id: string;
                house_id: string;
                pass_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["DecisionRequest"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PassView"];
                };
            };
            /** @description Bad input: malformed JSON, wrong types, unknown fields (see `details`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Conflict with the current state (duplicate, stale version) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    declineWalkIn: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                community_id: string;
                house_id: string;
                pass_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["DecisionRequest"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PassView"];
                };
            };
            /** @description Bad input: malformed JSON, wrong types, unknown fields (see `details`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Conflict with the current state (duplicate, stale version) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    getPassPasscode: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                community_id: string;
                house_id: string;
                pass_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PasscodeView"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Conflict with the current state (duplicate, stale version) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    getPassQrCode: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                community_id: string;
                house_id: string;
                pass_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PassQr"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Conflict with the current state (duplicate, stale version) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    revokeHousePass: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                community_id: string;
                house_id: string;
                pass_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["DecisionRequest"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PassView"];
                };
            };
            /** @description Bad input: malformed JSON, wrong types, unknown fields (see `details`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Conflict with the current state (duplicate, stale version) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    listHouseWorkOrders: {
        parameters: {
            query?: {
                limit?: number;
                cursor?: string | null;
            };
            header?: never;
            path: {
                community_id: string;
                house_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TicketPage"];
                };
            };
            /** @description Bad input: malformed JSON, wrong types, unknown fields (see `details`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    reportWorkOrder: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                community_id: string;
                house_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ReportRequest"];
            };
        };
        responses: {
            /** @description OK */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TicketView"];
                };
            };
            /** @description Bad input: malformed JSON, wrong types, unknown fields (see `details`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    getHouseWorkOrder: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                community_id: string;
                house_id: string;
                ticket_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TicketView"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    cancelWorkOrder: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                community_id: string;
                house_id: string;
                ticket_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ReasonRequest"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TicketView"];
                };
            };
            /** @description Bad input: malformed JSON, wrong types, unknown fields (see `details`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Conflict with the current state (duplicate, stale version) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    addWorkOrderPhoto: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                community_id: string;
                house_id: string;
                ticket_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PhotoRequest"];
            };
        };
        responses: {
            /** @description OK */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UploadForm"];
                };
            };
            /** @description Bad input: malformed JSON, wrong types, unknown fields (see `details`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Conflict with the current state (duplicate, stale version) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    rateWorkOrder: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                community_id: string;
                house_id: string;
                ticket_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RateRequest"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TicketView"];
                };
            };
            /** @description Bad input: malformed JSON, wrong types, unknown fields (see `details`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Conflict with the current state (duplicate, stale version) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    reopenWorkOrder: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                community_id: string;
                house_id: string;
                ticket_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ReasonRequest"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TicketView"];
                };
            };
            /** @description Bad input: malformed JSON, wrong types, unknown fields (see `details`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Conflict with the current state (duplicate, stale version) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    urgeWorkOrder: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                community_id: string;
                house_id: string;
                ticket_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TicketView"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Conflict with the current state (duplicate, stale version) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    getPublishedLedger: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                community_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LedgerList"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    listWorkOrderCategories: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                community_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CategoryList"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    listBuildingsToBind: {
        parameters: {
            query?: {
                limit?: number;
                cursor?: string | null;
            };
            header?: never;
            path: {
                community_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DirectoryBuildingPage"];
                };
            };
            /** @description Bad input: malformed JSON, wrong types, unknown fields (see `details`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    listUnitsToBind: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                community_id: string;
                building_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DirectoryUnitList"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    listHousesToBind: {
        parameters: {
            query?: {
                limit?: number;
                cursor?: string | null;
            };
            header?: never;
            path: {
                community_id: string;
                building_id: string;
                unit: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DirectoryHousePage"];
                };
            };
            /** @description Bad input: malformed JSON, wrong types, unknown fields (see `details`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    listPlaces: {
        parameters: {
            query?: {
                limit?: number;
                cursor?: string | null;
                parent?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PlacePage"];
                };
            };
            /** @description Bad input: malformed JSON, wrong types, unknown fields (see `details`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    listMyHouseholdApplications: {
        parameters: {
            query?: {
                limit?: number;
                cursor?: string | null;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApplicationPage"];
                };
            };
            /** @description Bad input: malformed JSON, wrong types, unknown fields (see `details`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    listMyHouseholds: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MembershipList"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    getResidentProfile: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ResidentProfile"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    bindPhone: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PhoneBinding"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ResidentProfile"];
                };
            };
            /** @description Bad input: malformed JSON, wrong types, unknown fields (see `details`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A dependency is unavailable; retry later */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    getAlarmRules: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                community_id: string;
                device_type: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RulesView"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    setAlarmRules: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                community_id: string;
                device_type: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RulesRequest"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RulesView"];
                };
            };
            /** @description Bad input: malformed JSON, wrong types, unknown fields (see `details`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    getAlarmStatistics: {
        parameters: {
            query?: {
                from?: string | null;
                to?: string | null;
            };
            header?: never;
            path: {
                community_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["StatisticsView"];
                };
            };
            /** @description Bad input: malformed JSON, wrong types, unknown fields (see `details`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    listAlarms: {
        parameters: {
            query?: {
                status?: ("active" | "cleared" | "latched" | "unacknowledged" | "unanswered") | null;
                severity?: ("critical" | "major" | "minor" | "warning" | "indeterminate") | null;
                type?: string | null;
                building?: string | null;
                from?: string | null;
                to?: string | null;
                limit?: number;
                cursor?: string | null;
            };
            header?: never;
            path: {
                community_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AlarmPage"];
                };
            };
            /** @description Bad input: malformed JSON, wrong types, unknown fields (see `details`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    reportAlarm: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                community_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AlarmReportRequest"];
            };
        };
        responses: {
            /** @description OK */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AlarmView"];
                };
            };
            /** @description Bad input: malformed JSON, wrong types, unknown fields (see `details`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Conflict with the current state (duplicate, stale version) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    getAlarm: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                community_id: string;
                alarm_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AlarmDetail"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    acknowledgeAlarm: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                community_id: string;
                alarm_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AcknowledgeRequest"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AlarmView"];
                };
            };
            /** @description Bad input: malformed JSON, wrong types, unknown fields (see `details`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Conflict with the current state (duplicate, stale version) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    assignAlarm: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                community_id: string;
                alarm_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AlarmAssignRequest"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AlarmView"];
                };
            };
            /** @description Bad input: malformed JSON, wrong types, unknown fields (see `details`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Conflict with the current state (duplicate, stale version) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    clearAlarm: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                community_id: string;
                alarm_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ClearRequest"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AlarmView"];
                };
            };
            /** @description Bad input: malformed JSON, wrong types, unknown fields (see `details`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Conflict with the current state (duplicate, stale version) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    commentOnAlarm: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                community_id: string;
                alarm_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CommentRequest"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AlarmView"];
                };
            };
            /** @description Bad input: malformed JSON, wrong types, unknown fields (see `details`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Conflict with the current state (duplicate, stale version) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    listArrears: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                community_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ArrearsView"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    runBilling: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                community_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["BillingRunRequest"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BillingRunView"];
                };
            };
            /** @description Bad input: malformed JSON, wrong types, unknown fields (see `details`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    listBuildings: {
        parameters: {
            query?: {
                limit?: number;
                cursor?: string | null;
            };
            header?: never;
            path: {
                community_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BuildingPage"];
                };
            };
            /** @description Bad input: malformed JSON, wrong types, unknown fields (see `details`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    createBuilding: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                community_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["BuildingIn"];
            };
        };
        responses: {
            /** @description OK */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BuildingOut"];
                };
            };
            /** @description Bad input: malformed JSON, wrong types, unknown fields (see `details`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Conflict with the current state (duplicate, stale version) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    getBuilding: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                community_id: string;
                building_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BuildingOut"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    listUnits: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                community_id: string;
                building_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UnitList"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    addUnit: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                community_id: string;
                building_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UnitIn"];
            };
        };
        responses: {
            /** @description OK */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UnitOut"];
                };
            };
            /** @description Bad input: malformed JSON, wrong types, unknown fields (see `details`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Conflict with the current state (duplicate, stale version) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    unlockBuildingDoors: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                community_id: string;
                building_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UnlockDoorsRequest"];
            };
        };
        responses: {
            /** @description OK */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["FanOutView"];
                };
            };
            /** @description Bad input: malformed JSON, wrong types, unknown fields (see `details`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    listCommunityCommands: {
        parameters: {
            query?: {
                limit?: number;
                cursor?: string | null;
            };
            header?: never;
            path: {
                community_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CommandPage"];
                };
            };
            /** @description Bad input: malformed JSON, wrong types, unknown fields (see `details`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    broadcastCommand: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                community_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["BroadcastRequest"];
            };
        };
        responses: {
            /** @description OK */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["FanOutView"];
                };
            };
            /** @description Bad input: malformed JSON, wrong types, unknown fields (see `details`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    getCommand: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                community_id: string;
                command_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CommandView"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    listCredentials: {
        parameters: {
            query?: {
                holderId?: string | null;
                houseId?: string | null;
            };
            header?: never;
            path: {
                community_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CredentialList"];
                };
            };
            /** @description Bad input: malformed JSON, wrong types, unknown fields (see `details`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    issueCredential: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                community_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CredentialIssue"];
            };
        };
        responses: {
            /** @description OK */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CredentialView"];
                };
            };
            /** @description Bad input: malformed JSON, wrong types, unknown fields (see `details`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Conflict with the current state (duplicate, stale version) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    getCredential: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                community_id: string;
                credential_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CredentialView"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    authoriseCredential: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                community_id: string;
                credential_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Authorisation"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CredentialView"];
                };
            };
            /** @description Bad input: malformed JSON, wrong types, unknown fields (see `details`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Conflict with the current state (duplicate, stale version) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    cancelCredentialLoss: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                community_id: string;
                credential_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["NoBody"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CredentialView"];
                };
            };
            /** @description Bad input: malformed JSON, wrong types, unknown fields (see `details`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Conflict with the current state (duplicate, stale version) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    deregisterCredential: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                community_id: string;
                credential_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["NoBody"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CredentialView"];
                };
            };
            /** @description Bad input: malformed JSON, wrong types, unknown fields (see `details`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    extendCredential: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                community_id: string;
                credential_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Extension"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CredentialView"];
                };
            };
            /** @description Bad input: malformed JSON, wrong types, unknown fields (see `details`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Conflict with the current state (duplicate, stale version) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    reportCredentialLoss: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                community_id: string;
                credential_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["NoBody"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CredentialView"];
                };
            };
            /** @description Bad input: malformed JSON, wrong types, unknown fields (see `details`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Conflict with the current state (duplicate, stale version) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    listDevices: {
        parameters: {
            query?: {
                limit?: number;
                cursor?: string | null;
                type?: string | null;
                status?: string | null;
                building?: string | null;
            };
            header?: never;
            path: {
                community_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DevicePage"];
                };
            };
            /** @description Bad input: malformed JSON, wrong types, unknown fields (see `details`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    createDevice: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                community_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["DeviceCreate"];
            };
        };
        responses: {
            /** @description OK */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DeviceView"];
                };
            };
            /** @description Bad input: malformed JSON, wrong types, unknown fields (see `details`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Conflict with the current state (duplicate, stale version) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    getDevice: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                community_id: string;
                device_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DeviceView"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    updateDevice: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                community_id: string;
                device_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["DeviceUpdate"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DeviceView"];
                };
            };
            /** @description Bad input: malformed JSON, wrong types, unknown fields (see `details`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Conflict with the current state (duplicate, stale version) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    issueCertificate: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                community_id: string;
                device_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["IssuedCertificateView"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Conflict with the current state (duplicate, stale version) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    revokeCertificate: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                community_id: string;
                device_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RevokeRequest"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CertificateView"];
                };
            };
            /** @description Bad input: malformed JSON, wrong types, unknown fields (see `details`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Conflict with the current state (duplicate, stale version) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    rotateCertificate: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                community_id: string;
                device_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["IssuedCertificateView"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Conflict with the current state (duplicate, stale version) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    listCertificates: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                community_id: string;
                device_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CertificateList"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    listDeviceCommands: {
        parameters: {
            query?: {
                limit?: number;
                cursor?: string | null;
            };
            header?: never;
            path: {
                community_id: string;
                device_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CommandPage"];
                };
            };
            /** @description Bad input: malformed JSON, wrong types, unknown fields (see `details`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    sendCommand: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                community_id: string;
                device_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CommandRequest"];
            };
        };
        responses: {
            /** @description OK */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CommandView"];
                };
            };
            /** @description Bad input: malformed JSON, wrong types, unknown fields (see `details`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Conflict with the current state (duplicate, stale version) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A dependency is unavailable; retry later */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    retireDevice: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                community_id: string;
                device_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RetireRequest"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DeviceView"];
                };
            };
            /** @description Bad input: malformed JSON, wrong types, unknown fields (see `details`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Conflict with the current state (duplicate, stale version) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    getDutyRoster: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                community_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RosterView"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    addShift: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                community_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ShiftRequest"];
            };
        };
        responses: {
            /** @description OK */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ShiftView"];
                };
            };
            /** @description Bad input: malformed JSON, wrong types, unknown fields (see `details`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    removeShift: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                community_id: string;
                shift_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    listEntryRecords: {
        parameters: {
            query?: {
                limit?: number;
                cursor?: string | null;
                gateId?: string | null;
                houseId?: string | null;
                subjectId?: string | null;
                day?: string | null;
                since?: string | null;
                until?: string | null;
            };
            header?: never;
            path: {
                community_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EntryPage"];
                };
            };
            /** @description Bad input: malformed JSON, wrong types, unknown fields (see `details`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    getEntryStatistics: {
        parameters: {
            query: {
                fromDay: string;
                days?: number;
            };
            header?: never;
            path: {
                community_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["StatsView"];
                };
            };
            /** @description Bad input: malformed JSON, wrong types, unknown fields (see `details`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    exportSpreadsheet: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                community_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ExportRequest"];
            };
        };
        responses: {
            /** @description OK */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ExportView"];
                };
            };
            /** @description Bad input: malformed JSON, wrong types, unknown fields (see `details`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    exportRegistry: {
        parameters: {
            query?: {
                full?: boolean;
            };
            header?: never;
            path: {
                community_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["FileOut"];
                };
            };
            /** @description Bad input: malformed JSON, wrong types, unknown fields (see `details`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    getExport: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                community_id: string;
                export_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ExportView"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    listFeeItems: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                community_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["FeeItemList"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    defineFeeItem: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                community_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["FeeItemRequest"];
            };
        };
        responses: {
            /** @description OK */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["FeeItemView"];
                };
            };
            /** @description Bad input: malformed JSON, wrong types, unknown fields (see `details`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    listHouseholdApplications: {
        parameters: {
            query?: {
                limit?: number;
                cursor?: string | null;
                status?: "pending" | "approved" | "rejected";
            };
            header?: never;
            path: {
                community_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApplicationPage"];
                };
            };
            /** @description Bad input: malformed JSON, wrong types, unknown fields (see `details`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    approveHouseholdApplication: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                community_id: string;
                application_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["DecisionIn"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApplicationOut"];
                };
            };
            /** @description Bad input: malformed JSON, wrong types, unknown fields (see `details`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Conflict with the current state (duplicate, stale version) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    rejectHouseholdApplication: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                community_id: string;
                application_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["DecisionIn"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApplicationOut"];
                };
            };
            /** @description Bad input: malformed JSON, wrong types, unknown fields (see `details`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Conflict with the current state (duplicate, stale version) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    listHouses: {
        parameters: {
            query?: {
                limit?: number;
                cursor?: string | null;
                addressPrefix?: string | null;
                buildingId?: string | null;
            };
            header?: never;
            path: {
                community_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HousePage"];
                };
            };
            /** @description Bad input: malformed JSON, wrong types, unknown fields (see `details`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    createHouse: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                community_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["HouseIn"];
            };
        };
        responses: {
            /** @description OK */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HouseOut"];
                };
            };
            /** @description Bad input: malformed JSON, wrong types, unknown fields (see `details`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Conflict with the current state (duplicate, stale version) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    getHouse: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                community_id: string;
                house_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HouseOut"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    updateHouse: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                community_id: string;
                house_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["HouseUpdate"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HouseOut"];
                };
            };
            /** @description Bad input: malformed JSON, wrong types, unknown fields (see `details`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Conflict with the current state (duplicate, stale version) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    listHouseMembers: {
        parameters: {
            query?: {
                limit?: number;
                cursor?: string | null;
                history?: boolean;
            };
            header?: never;
            path: {
                community_id: string;
                house_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MemberList"];
                };
            };
            /** @description Bad input: malformed JSON, wrong types, unknown fields (see `details`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    addHouseMember: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                community_id: string;
                house_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["MemberIn"];
            };
        };
        responses: {
            /** @description OK */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MemberOut"];
                };
            };
            /** @description Bad input: malformed JSON, wrong types, unknown fields (see `details`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Conflict with the current state (duplicate, stale version) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    moveOutMember: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                community_id: string;
                house_id: string;
                person_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["MoveOutIn"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MemberOut"];
                };
            };
            /** @description Bad input: malformed JSON, wrong types, unknown fields (see `details`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Conflict with the current state (duplicate, stale version) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    runImport: {
        parameters: {
            query?: {
                mode?: "strict" | "partial";
                dryRun?: boolean;
            };
            header?: never;
            path: {
                community_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": string;
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ImportReport"];
                };
            };
            /** @description Bad input: malformed JSON, wrong types, unknown fields (see `details`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Conflict with the current state (duplicate, stale version) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    getImportTemplate: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                community_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["FileOut"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    getIncome: {
        parameters: {
            query: {
                month: string;
            };
            header?: never;
            path: {
                community_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LedgerMonth"];
                };
            };
            /** @description Bad input: malformed JSON, wrong types, unknown fields (see `details`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    publishLedger: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                community_id: string;
                month: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LedgerMonth"];
                };
            };
            /** @description Bad input: malformed JSON, wrong types, unknown fields (see `details`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    listMyWorkOrders: {
        parameters: {
            query?: {
                limit?: number;
                cursor?: string | null;
                done?: boolean;
            };
            header?: never;
            path: {
                community_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TicketPage"];
                };
            };
            /** @description Bad input: malformed JSON, wrong types, unknown fields (see `details`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    listNotificationDeliveries: {
        parameters: {
            query?: {
                limit?: number;
                cursor?: string | null;
                subject?: string | null;
            };
            header?: never;
            path: {
                community_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DeliveryPage"];
                };
            };
            /** @description Bad input: malformed JSON, wrong types, unknown fields (see `details`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    listNotificationTemplates: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                community_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TemplateSettingsOut"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    setNotificationTemplate: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                community_id: string;
                kind: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["TemplateSettingRequest"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["KindTemplatesOut"];
                };
            };
            /** @description Bad input: malformed JSON, wrong types, unknown fields (see `details`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    resetNotificationTemplate: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                community_id: string;
                kind: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["KindTemplatesOut"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    listOrganisations: {
        parameters: {
            query?: {
                limit?: number;
                cursor?: string | null;
                name?: string | null;
            };
            header?: never;
            path: {
                community_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OrganisationPage"];
                };
            };
            /** @description Bad input: malformed JSON, wrong types, unknown fields (see `details`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    createOrganisation: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                community_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["OrganisationIn"];
            };
        };
        responses: {
            /** @description OK */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OrganisationOut"];
                };
            };
            /** @description Bad input: malformed JSON, wrong types, unknown fields (see `details`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Conflict with the current state (duplicate, stale version) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    getOrganisation: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                community_id: string;
                organisation_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OrganisationOut"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    updateOrganisation: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                community_id: string;
                organisation_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["OrganisationUpdate"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OrganisationOut"];
                };
            };
            /** @description Bad input: malformed JSON, wrong types, unknown fields (see `details`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Conflict with the current state (duplicate, stale version) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    listPeople: {
        parameters: {
            query?: {
                limit?: number;
                cursor?: string | null;
                name?: string | null;
                phone?: string | null;
                idNumber?: string | null;
            };
            header?: never;
            path: {
                community_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PersonPage"];
                };
            };
            /** @description Bad input: malformed JSON, wrong types, unknown fields (see `details`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    createPerson: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                community_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PersonFields"];
            };
        };
        responses: {
            /** @description OK */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PersonOut"];
                };
            };
            /** @description Bad input: malformed JSON, wrong types, unknown fields (see `details`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Conflict with the current state (duplicate, stale version) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    getPerson: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                community_id: string;
                person_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PersonOut"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    updatePerson: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                community_id: string;
                person_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PersonUpdate"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PersonOut"];
                };
            };
            /** @description Bad input: malformed JSON, wrong types, unknown fields (see `details`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Conflict with the current state (duplicate, stale version) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    listPersonResidences: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                community_id: string;
                person_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ResidenceList"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    revealPerson: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                community_id: string;
                person_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RevealOut"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    runReconciliation: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                community_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ReconcileRequest"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ReconciliationView"];
                };
            };
            /** @description Bad input: malformed JSON, wrong types, unknown fields (see `details`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A dependency is unavailable; retry later */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    getReconciliation: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                community_id: string;
                day: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ReconciliationView"];
                };
            };
            /** @description Bad input: malformed JSON, wrong types, unknown fields (see `details`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    listRefunds: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                community_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RefundList"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    requestRefund: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                community_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RefundRequest"];
            };
        };
        responses: {
            /** @description OK */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RefundView"];
                };
            };
            /** @description Bad input: malformed JSON, wrong types, unknown fields (see `details`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Conflict with the current state (duplicate, stale version) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    approveRefund: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                community_id: string;
                refund_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RefundView"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Conflict with the current state (duplicate, stale version) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    rejectRefund: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                community_id: string;
                refund_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RefundView"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Conflict with the current state (duplicate, stale version) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    syncRefund: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                community_id: string;
                refund_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RefundView"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Conflict with the current state (duplicate, stale version) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A dependency is unavailable; retry later */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    listVehicles: {
        parameters: {
            query?: {
                limit?: number;
                cursor?: string | null;
                plate?: string | null;
                ownerPersonId?: string | null;
            };
            header?: never;
            path: {
                community_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["VehiclePage"];
                };
            };
            /** @description Bad input: malformed JSON, wrong types, unknown fields (see `details`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    createVehicle: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                community_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["VehicleIn"];
            };
        };
        responses: {
            /** @description OK */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["VehicleOut"];
                };
            };
            /** @description Bad input: malformed JSON, wrong types, unknown fields (see `details`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Conflict with the current state (duplicate, stale version) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    getVehicle: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                community_id: string;
                vehicle_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["VehicleOut"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    updateVehicle: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                community_id: string;
                vehicle_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["VehicleUpdate"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["VehicleOut"];
                };
            };
            /** @description Bad input: malformed JSON, wrong types, unknown fields (see `details`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Conflict with the current state (duplicate, stale version) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    listCommunityPasses: {
        parameters: {
            query?: {
                limit?: number;
                cursor?: string | null;
            };
            header?: never;
            path: {
                community_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PassPage"];
                };
            };
            /** @description Bad input: malformed JSON, wrong types, unknown fields (see `details`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    verifyPassByHand: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                community_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["StaffVerifyRequest"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["VerifyView"];
                };
            };
            /** @description Bad input: malformed JSON, wrong types, unknown fields (see `details`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    registerWalkIn: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                community_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["WalkInRequest"];
            };
        };
        responses: {
            /** @description OK */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PassView"];
                };
            };
            /** @description Bad input: malformed JSON, wrong types, unknown fields (see `details`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A dependency is unavailable; retry later */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    getPass: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                community_id: string;
                pass_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PassView"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    approvePass: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                community_id: string;
                pass_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["DecisionRequest"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PassView"];
                };
            };
            /** @description Bad input: malformed JSON, wrong types, unknown fields (see `details`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Conflict with the current state (duplicate, stale version) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    rejectPass: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                community_id: string;
                pass_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["DecisionRequest"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PassView"];
                };
            };
            /** @description Bad input: malformed JSON, wrong types, unknown fields (see `details`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Conflict with the current state (duplicate, stale version) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    revokePass: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                community_id: string;
                pass_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["DecisionRequest"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PassView"];
                };
            };
            /** @description Bad input: malformed JSON, wrong types, unknown fields (see `details`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Conflict with the current state (duplicate, stale version) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    getVisitorPolicy: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                community_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PolicyView"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    setVisitorPolicy: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                community_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PolicyUpdate"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PolicyView"];
                };
            };
            /** @description Bad input: malformed JSON, wrong types, unknown fields (see `details`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Conflict with the current state (duplicate, stale version) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    listCategoryTree: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                community_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CategoryList"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    setWorkOrderCategory: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                community_id: string;
                category_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CategoryRequest"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CategoryView"];
                };
            };
            /** @description Bad input: malformed JSON, wrong types, unknown fields (see `details`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    listWorkOrderPool: {
        parameters: {
            query?: {
                limit?: number;
                cursor?: string | null;
            };
            header?: never;
            path: {
                community_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TicketPage"];
                };
            };
            /** @description Bad input: malformed JSON, wrong types, unknown fields (see `details`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    getWorkOrderStatistics: {
        parameters: {
            query: {
                since: string;
                until: string;
            };
            header?: never;
            path: {
                community_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Statistics"];
                };
            };
            /** @description Bad input: malformed JSON, wrong types, unknown fields (see `details`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    setTechnicianSkills: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                community_id: string;
                account_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["TechnicianRequest"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TechnicianView"];
                };
            };
            /** @description Bad input: malformed JSON, wrong types, unknown fields (see `details`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    listWorkOrders: {
        parameters: {
            query?: {
                limit?: number;
                cursor?: string | null;
                since?: string | null;
                until?: string | null;
            };
            header?: never;
            path: {
                community_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TicketPage"];
                };
            };
            /** @description Bad input: malformed JSON, wrong types, unknown fields (see `details`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    reportWorkOrderOnPatrol: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                community_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["StaffReportRequest"];
            };
        };
        responses: {
            /** @description OK */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TicketView"];
                };
            };
            /** @description Bad input: malformed JSON, wrong types, unknown fields (see `details`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    getWorkOrder: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                community_id: string;
                ticket_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TicketView"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    acceptWorkOrder: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                community_id: string;
                ticket_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TicketView"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Conflict with the current state (duplicate, stale version) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    assignWorkOrder: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                community_id: string;
                ticket_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AssignRequest"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TicketView"];
                };
            };
            /** @description Bad input: malformed JSON, wrong types, unknown fields (see `details`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Conflict with the current state (duplicate, stale version) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    closeWorkOrder: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                community_id: string;
                ticket_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ReasonRequest"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TicketView"];
                };
            };
            /** @description Bad input: malformed JSON, wrong types, unknown fields (see `details`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Conflict with the current state (duplicate, stale version) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    grabWorkOrder: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                community_id: string;
                ticket_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TicketView"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Conflict with the current state (duplicate, stale version) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    addAfterPhoto: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                community_id: string;
                ticket_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["StaffPhotoRequest"];
            };
        };
        responses: {
            /** @description OK */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UploadForm"];
                };
            };
            /** @description Bad input: malformed JSON, wrong types, unknown fields (see `details`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Conflict with the current state (duplicate, stale version) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    resolveWorkOrder: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                community_id: string;
                ticket_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ResolveRequest"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TicketView"];
                };
            };
            /** @description Bad input: malformed JSON, wrong types, unknown fields (see `details`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Conflict with the current state (duplicate, stale version) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    recordReturnVisit: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                community_id: string;
                ticket_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ReturnVisitRequest"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TicketView"];
                };
            };
            /** @description Bad input: malformed JSON, wrong types, unknown fields (see `details`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Conflict with the current state (duplicate, stale version) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    startWorkOrder: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                community_id: string;
                ticket_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TicketView"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Conflict with the current state (duplicate, stale version) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    getStaffProfile: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["StaffProfile"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    changePassword: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PasswordChange"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TokenResponse"];
                };
            };
            /** @description Bad input: malformed JSON, wrong types, unknown fields (see `details`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, expired or invalid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The token's role, community or household does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (logged with its stack trace; never returned) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
}
