import { RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type { IEventBus } from 'aws-cdk-lib/aws-events';
import { PolicyStatement, type IGrantable } from 'aws-cdk-lib/aws-iam';
import { ConfigurationSet, EmailSendingEvent, EventDestination } from 'aws-cdk-lib/aws-ses';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';

/** Mail plumbing: the SES configuration set that publishes bounces and complaints, the unsubscribe link secret and the suppression pepper. */
export class Mailer extends Construct {
  readonly configurationSet: ConfigurationSet;
  readonly unsubscribeSecret: Secret;
  readonly suppressionPepper: Secret;

  constructor(scope: Construct, id: string, private readonly props: { configurationSetName: string; sender: string; feedbackBus: IEventBus }) {
    super(scope, id);
    this.configurationSet = new ConfigurationSet(this, 'ConfigurationSet', { configurationSetName: props.configurationSetName });
    // SES can publish only to the default bus; the ses-feedback rule listens there.
    this.configurationSet.addEventDestination('Feedback', {
      destination: EventDestination.eventBus(props.feedbackBus),
      events: [EmailSendingEvent.BOUNCE, EmailSendingEvent.COMPLAINT],
    });
    this.unsubscribeSecret = new Secret(this, 'UnsubscribeSecret', {
      description: 'Key (or key ring) of unsubscribe links',
      generateSecretString: { passwordLength: 48, excludePunctuation: true },
    });
    Validations.of(this.unsubscribeSecret).acknowledge({
      id: 'AwsSolutions::AwsSolutions-SMG4',
      reason: 'Automatic rotation would replace the key outright and break the links in emails already sent; it is rotated by hand through a key ring with an overlap window (README).',
    });
    // The hashes of erased customers and addresses are found only with this pepper: it outlives the stack, as the table does.
    this.suppressionPepper = new Secret(this, 'SuppressionPepper', {
      description: 'Key of the hashed suppressions an erasure leaves; never rotate or delete it',
      generateSecretString: { passwordLength: 48, excludePunctuation: true },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.suppressionPepper).acknowledge({
      id: 'AwsSolutions::AwsSolutions-SMG4',
      reason: 'A new pepper would make every hashed suppression unfindable, so erased customers would be mailed again; it must never rotate.',
    });
  }

  /** SendRawEmail from the configured sender's domain, in this configuration set only. */
  grantSend(grantee: IGrantable): void {
    const { account, region, partition } = Stack.of(this);
    const domain = this.props.sender.split('@')[1];
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['ses:SendRawEmail'],
        resources: [
          `arn:${partition}:ses:${region}:${account}:identity/${domain}`,
          `arn:${partition}:ses:${region}:${account}:identity/${this.props.sender}`,
          `arn:${partition}:ses:${region}:${account}:configuration-set/${this.configurationSet.configurationSetName}`,
        ],
      }),
    );
  }
}
