"""Who acts and for whom: workspaces, the member directory (from Slack or by hand), and the
rule that members act for themselves while admins and the operator act for anyone."""
