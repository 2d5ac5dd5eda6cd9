/** The SNS topic alarms notify, with an optional e-mail subscription. */
import { Topic } from "aws-cdk-lib/aws-sns";
import { EmailSubscription } from "aws-cdk-lib/aws-sns-subscriptions";
import { acknowledge } from "../../nag.ts";
import { Construct } from "constructs";

export interface AlarmTopicProps {
  /** Address subscribed to alarms (confirm the e-mail AWS sends). @default no subscription */
  email?: string;
}

export class AlarmTopic extends Construct {
  readonly topic: Topic;

  constructor(scope: Construct, id: string, props: AlarmTopicProps = {}) {
    super(scope, id);
    this.topic = new Topic(this, "Topic", { displayName: "Tributary alarms", enforceSSL: true });
    if (props.email !== undefined) this.topic.addSubscription(new EmailSubscription(props.email));
    acknowledge(this.topic, 
      {
        id: "AwsSolutions-SNS2",
        reason: "Alarm notifications carry metric names and thresholds only; CloudWatch cannot publish to a topic under the AWS-managed aws/sns key, and a customer key would cost more than the topic.",
      });
  }
}
